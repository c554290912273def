import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluationNamespace } from '../../server/evaluation';
import { createLogger } from '../../server/logger';
import { createOpeningScheduler, openingNamespace, type OpeningScheduler } from '../../server/opening';
import { attachRealtime, type NamespaceHandlers, type Realtime } from '../../server/realtime';
import type { Namespace } from '../../server/realtime/protocol';
import type { TestWorld } from './test-app';

const silent = createLogger('silent');

/** A server clock running in real time from `start` that the test can move forward (the shape of the fixed test clock). */
export function runningClock(start: number): TestWorld['clock'] {
  let skew = start - Date.now();
  return {
    now: () => new Date(Date.now() + skew),
    set: (t) => {
      skew = new Date(t).getTime() - Date.now();
    },
    advance: (ms) => {
      skew += ms;
    },
  };
}

export type LiveApp = {
  base: string;
  /** the opening scheduler, when asked for */
  scheduler: OpeningScheduler | null;
  /** listens again on the same port, where the pages' socket.io clients reconnect by themselves */
  start(): Promise<void>;
  /** takes the listener down: every HTTP connection and socket drops, as when the process goes */
  stop(): Promise<void>;
  close(): Promise<void>;
};

export type LiveOptions = {
  /** the socket.io namespaces to attach */
  namespaces: Namespace[];
  /** run the opening scheduler (a pass every 250 ms notices a clock the test moved) */
  scheduler?: boolean;
  /** run the records worker with a pass this often (ms), as main.ts does every 5 s */
  recordsEveryMs?: number;
};

/** The world's app as main.ts serves it: HTTP and socket.io on one port, with the scheduler and records worker when asked. */
export async function serveLive(w: TestWorld, opts: LiveOptions): Promise<LiveApp> {
  const handlers: Record<Namespace, () => NamespaceHandlers> = {
    opening: () => openingNamespace(w.ctx.opening),
    evaluation: () => evaluationNamespace(w.ctx.evaluation),
  };
  const scheduler = opts.scheduler
    ? createOpeningScheduler({
        db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus,
        onDeadline: w.ctx.opening.onDeadline, dueSessions: w.ctx.opening.dueSessions, nextSessionDue: w.ctx.opening.nextSessionDue,
        pollMs: 250,
      })
    : null;
  let port = 0;
  let up: { server: http.Server; realtime: Realtime } | null = null;
  async function start(): Promise<void> {
    const server = http.createServer(w.app);
    const realtime = await attachRealtime(
      server,
      { db: w.ctx.db, bus: w.ctx.bus, log: silent, redisUrl: undefined, actorFromToken: w.ctx.auth.actorFromToken, onAccountDisabled: w.ctx.auth.onAccountDisabled, now: () => w.ctx.clock.now() },
      Object.fromEntries(opts.namespaces.map((ns) => [ns, handlers[ns]()])),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    port = (server.address() as AddressInfo).port;
    up = { server, realtime };
  }
  async function stop(): Promise<void> {
    if (!up) {
      return;
    }
    const { server, realtime } = up;
    up = null;
    server.close(); // no new connections; then drop the HTTP ones and every socket.io transport
    server.closeAllConnections();
    await realtime.close();
  }
  await scheduler?.start();
  if (opts.recordsEveryMs) {
    w.ctx.records.start(opts.recordsEveryMs);
  }
  await start();
  return {
    base: `http://127.0.0.1:${port}`,
    scheduler,
    start,
    stop,
    close: async () => {
      await stop();
      await scheduler?.stop();
    },
  };
}
