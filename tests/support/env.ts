// Tests run in Asia/Shanghai so that any local-time leak shows up as a failure.
process.env.TZ = 'Asia/Shanghai';
