/** Starts bench/bare-server.ts (the raw limit) in its own process and talks to it over IPC. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export type Bare = { url: string; pid: number; call<T>(msg: Record<string, unknown>): Promise<T>; stop(): Promise<void> };

/** The bare HTTP + socket.io server, listening on a free port of 127.0.0.1. */
export async function startBare(): Promise<Bare> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bare-server.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`bare server exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  const { port } = await next<{ port: number }>();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    call: <T>(msg: Record<string, unknown>): Promise<T> => {
      const answer = next<T>();
      child.send(msg);
      return answer;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
