/**
 * libuv's thread pool runs every file write, fsync and rename of the blob store. Its default of 4
 * threads lets a few slow fsyncs hold up the writes of every other upload, and a sealed bid's
 * time is when its last byte is read (DESIGN §2): the rest of its body waits unread meanwhile. Must
 * run before the pool's first use, so server/main.ts imports this first. UV_THREADPOOL_SIZE set in
 * the environment wins.
 */
// eslint-disable-next-line n/no-process-env -- libuv reads it at the pool's first use, before server/config.ts runs
process.env.UV_THREADPOOL_SIZE ??= '16';
