import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createLogger } from '../../server/logger';
import { attachRealtime, type NamespaceHandlers, type Namespace } from '../../server/realtime';
import type { TestUser } from './factories';
import type { TestWorld } from './test-app';

export type LiveServer = {
  /** A socket.io client of the namespace, signed in as `who` (the public without); closed by close(). */
  client(ns: Namespace, who?: TestUser): Socket;
  close(): Promise<void>;
};

/** The test world's app behind a real HTTP server with socket.io namespaces attached, as main.ts does. */
export async function startLiveServer(w: TestWorld, namespaces: Partial<Record<Namespace, NamespaceHandlers>>): Promise<LiveServer> {
  const server = http.createServer(w.app);
  const deps = { db: w.ctx.db, bus: w.ctx.bus, log: createLogger('silent'), redisUrl: undefined, actorFromToken: w.ctx.auth.actorFromToken, onAccountDisabled: w.ctx.auth.onAccountDisabled, now: () => w.clock.now() };
  const realtime = await attachRealtime(server, deps, namespaces);
  w.ctx.metrics.observeSockets(realtime.io, Object.keys(namespaces));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  return {
    client(ns, who) {
      const s = connect(`${base}/${ns}`, { auth: who ? { token: who.token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      return s;
    },
    async close() {
      sockets.forEach((s) => s.close());
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
