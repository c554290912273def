import { main, type Io } from '../../cli/main';

export type CliRun = { code: number; out: string; err: string };

/** Runs the tenderhall CLI in-process in `dir`, collecting what it prints and its exit code. */
export async function cli(dir: string, ...argv: string[]): Promise<CliRun> {
  return cliOn(undefined, dir, ...argv);
}

/** The CLI on a test world's clock: against a test server its certificates are valid in that world's time, not the calendar's. */
export async function cliOn(clock: { now(): Date } | undefined, dir: string, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env: {}, ...(clock ? { now: () => clock.now() } : {}) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
