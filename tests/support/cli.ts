import { main, type Io } from '../../cli/main';

export type CliRun = { code: number; out: string; err: string };

/** Runs the tenderhall CLI in-process in `dir`, collecting what it prints and its exit code. */
export async function cli(dir: string, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env: {} };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
