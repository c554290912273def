import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import jwt from 'jsonwebtoken';
import { createClient } from 'redis';
import { Server, type Namespace as IoNamespace, type Socket } from 'socket.io';
import type { DefaultEventsMap } from 'socket.io/dist/typed-events';
import type { Actor } from '../auth';
import type { Db } from '../db';
import { HttpError } from '../http/errors';
import type { Logger } from '../logger';
import type { EventBus } from './events';
import type { JoinAck, JoinRequest, Namespace, WireError } from './protocol';
import { accountRoom, roomFor } from './rooms';

/** `token`: the handshake's, re-checked on every command; `expiresAt` (epoch ms): when to re-check it unasked. */
export type SocketData = { actor: Actor | null; token: string | null; expiresAt: number | null };
/** Event maps are declared in protocol.ts for the client; the server validates every payload itself. */
export type HallSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

/** What a module supplies for its namespace: who may join, the snapshot, and its commands. */
export type NamespaceHandlers = {
  authorizeJoin(actor: Actor | null, tenderId: string): Promise<void>;
  snapshot(actor: Actor | null, tenderId: string): Promise<Record<string, unknown>>;
  /** Extra rooms for this member, e.g. its role's or its own (private notices). */
  privateRooms?(actor: Actor | null, tenderId: string): Promise<({ role: string } | { userId: string })[]>;
  commands?: Record<string, (socket: HallSocket, payload: unknown) => Promise<Record<string, unknown> | void>>;
  /** Broadcast `presence {tenderId, userIds}` to the room after every join and disconnect (across processes with Redis). */
  presence?: boolean;
  /** Called once the namespace is set up, with who is in a tender's room now (every process; e.g. for members' `present`). */
  attached?(rooms: { userIdsIn(tenderId: string): Promise<string[]> }): void;
};

export type RealtimeDeps = {
  db: Db;
  bus: EventBus;
  log: Logger;
  redisUrl: string | undefined;
  actorFromToken(token: string): Promise<Actor>;
  /** Subscribes to accounts being disabled (returns the unsubscribe): their sockets are disconnected on every process. */
  onAccountDisabled?(listener: (userId: string) => void): () => void;
  now(): Date;
};

/** `redis`: the adapter's publishing client when REDIS_URL is set (the health check pings it). */
export type Realtime = { io: Server; redis: RedisClientType | null; close(): Promise<void> };
type RedisClientType = ReturnType<typeof createClient>;

const TENDER_ID = /^[0-9A-Z]{26}$/;

/** Attaches socket.io to the HTTP server: /opening and /evaluation, token auth, join with snapshot or replay. */
export async function attachRealtime(server: http.Server, deps: RealtimeDeps, namespaces: Partial<Record<Namespace, NamespaceHandlers>>): Promise<Realtime> {
  const io = new Server(server, { serveClient: false, cors: { origin: false } });
  const redis = deps.redisUrl ? await connectRedisAdapter(io, deps.redisUrl, deps.log) : null;
  for (const [name, handlers] of Object.entries(namespaces) as [Namespace, NamespaceHandlers][]) {
    setUpNamespace(io.of(`/${name}`), name, handlers, deps);
  }
  deps.bus.attach({ toRoom: (room, event, payload) => io.of(`/${room.split(':')[0]}`).to(room).emit(event, payload) });
  const unwatch = deps.onAccountDisabled?.((userId) => signOutEverywhere(io, Object.keys(namespaces), userId));
  const ticker = setInterval(() => {
    for (const name of Object.keys(namespaces)) {
      expireSessions(io.of(`/${name}`), deps);
      // Each process ticks its own clients only: through the Redis adapter a broadcast would reach every process's.
      io.of(`/${name}`).local.volatile.emit('time', { now: deps.now().toISOString() });
    }
  }, 1000);
  ticker.unref();
  return {
    io,
    redis: redis?.[0] ?? null,
    close: async () => {
      clearInterval(ticker);
      unwatch?.();
      deps.bus.attach(null);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all((redis ?? []).map((c) => c.quit().catch(() => undefined)));
    },
  };
}

async function connectRedisAdapter(io: Server, url: string, log: Logger) {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  // Without a listener a lost connection's 'error' would end the process; the clients reconnect by themselves.
  for (const client of [pub, sub]) {
    client.on('error', (err: unknown) => log.warn({ err }, 'redis connection error'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return [pub, sub];
}

function setUpNamespace(nsp: IoNamespace, name: Namespace, handlers: NamespaceHandlers, deps: RealtimeDeps): void {
  handlers.attached?.({ userIdsIn: (tenderId) => userIdsIn(nsp, name, tenderId) });
  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      const signedIn = typeof token === 'string' && token !== '';
      socket.data.actor = signedIn ? await deps.actorFromToken(token) : null;
      socket.data.token = signedIn ? token : null;
      socket.data.expiresAt = signedIn ? expiryHint(token) : null;
      next();
    } catch (err) {
      const e = toWire(err);
      next(Object.assign(new Error(e.message), { data: e }));
    }
  });
  nsp.on('connection', (socket: HallSocket) => {
    if (socket.data.actor) {
      void socket.join(accountRoom(socket.data.actor.id));
    }
    socket.on('join', (req: JoinRequest, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: JoinAck) => void) : () => undefined;
      void respond(reply, () => join(socket, name, handlers, deps, req)).then(() => {
        if (handlers.presence && socket.rooms.has(roomFor(name, req?.tenderId))) {
          void announcePresence(nsp, name, req.tenderId, deps.log);
        }
      });
    });
    socket.on('leave', (req: { tenderId: string }, ack?: (res: { ok: true }) => void) => {
      for (const room of socket.rooms) {
        if (room.startsWith(`${name}:${req?.tenderId}`)) {
          void socket.leave(room);
        }
      }
      ack?.({ ok: true });
      if (handlers.presence && typeof req?.tenderId === 'string') {
        void announcePresence(nsp, name, req.tenderId, deps.log);
      }
    });
    if (handlers.presence) {
      socket.on('disconnecting', () => {
        const tenders = [...socket.rooms].map((room) => room.split(':')).filter((parts) => parts.length === 2 && parts[0] === name).map((parts) => parts[1] as string);
        // After the socket has left its rooms.
        setImmediate(() => tenders.forEach((tenderId) => void announcePresence(nsp, name, tenderId, deps.log)));
      });
    }
    for (const [command, handle] of Object.entries(handlers.commands ?? {})) {
      socket.on(command, (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => undefined;
        void respond(reply, async () => {
          await recheckAccount(socket, deps);
          return { ok: true, result: (await handle(socket, payload)) ?? {} };
        });
      });
    }
  });
}

/** The signed-in users in the tender's room right now (every process, through the adapter), sorted. */
async function userIdsIn(nsp: IoNamespace, name: Namespace, tenderId: string): Promise<string[]> {
  const sockets = await nsp.in(roomFor(name, tenderId)).fetchSockets();
  return [...new Set(sockets.map((s) => (s.data as SocketData).actor?.id).filter((id): id is string => typeof id === 'string'))].sort();
}

/** Who is in the tender's room right now, sent to the room. */
async function announcePresence(nsp: IoNamespace, name: Namespace, tenderId: string, log: Logger): Promise<void> {
  try {
    const userIds = await userIdsIn(nsp, name, tenderId);
    nsp.to(roomFor(name, tenderId)).emit('presence', { tenderId, userIds });
  } catch (err) {
    log.warn({ err, tenderId }, 'presence not announced');
  }
}

type JoinOk = Exclude<JoinAck, { error: WireError }>;

async function join(socket: HallSocket, name: Namespace, handlers: NamespaceHandlers, deps: RealtimeDeps, req: JoinRequest): Promise<JoinOk> {
  if (!req || typeof req.tenderId !== 'string' || !TENDER_ID.test(req.tenderId)) {
    throw new HttpError(400, 'VALIDATION', 'join needs {tenderId, lastSeq?}');
  }
  await recheckAccount(socket, deps);
  const { actor } = socket.data;
  await handlers.authorizeJoin(actor, req.tenderId);
  await socket.join(roomFor(name, req.tenderId));
  for (const scope of (await handlers.privateRooms?.(actor, req.tenderId)) ?? []) {
    await socket.join(roomFor(name, req.tenderId, scope));
  }
  if (typeof req.lastSeq === 'number' && Number.isInteger(req.lastSeq) && req.lastSeq >= 0) {
    const missed = await deps.bus.missedSince(deps.db, name, req.tenderId, req.lastSeq);
    if (missed) {
      return { events: missed, seq: missed.length ? (missed[missed.length - 1] as { seq: number }).seq : req.lastSeq };
    }
  }
  // The seq is read before the state: an event racing the snapshot arrives again and is applied idempotently.
  const seq = await deps.bus.currentSeq(deps.db, name, req.tenderId);
  return { snapshot: { ...(await handlers.snapshot(actor, req.tenderId)), seq } };
}

/**
 * The account behind a signed-in socket, checked again (issue 13, 6): a disabled account, a signed-out
 * or expired token is refused with its code, and the socket is then disconnected (after the ack).
 */
async function recheckAccount(socket: HallSocket, deps: RealtimeDeps): Promise<void> {
  const { token } = socket.data;
  if (!token) {
    return;
  }
  try {
    socket.data.actor = await deps.actorFromToken(token);
  } catch (err) {
    setImmediate(() => endSession(socket, toWire(err)));
    throw err;
  }
}

function endSession(socket: HallSocket, error: WireError): void {
  socket.emit('signed-out', { error });
  socket.disconnect(true);
}

/** Each second, this process's sockets whose token has expired by the server clock are checked and let go. */
function expireSessions(nsp: IoNamespace, deps: RealtimeDeps): void {
  const now = deps.now().getTime();
  for (const socket of nsp.sockets.values() as IterableIterator<HallSocket>) {
    if (socket.data.expiresAt !== null && socket.data.expiresAt <= now) {
      recheckAccount(socket, deps).catch(() => undefined);
    }
  }
}

/** A disabled account leaves every namespace on every process (the Redis adapter relays the room's disconnect). */
function signOutEverywhere(io: Server, names: string[], userId: string): void {
  for (const name of names) {
    const room = accountRoom(userId);
    io.of(`/${name}`).to(room).emit('signed-out', { error: { code: 'ACCOUNT_DISABLED', message: 'This account is disabled' } });
    io.of(`/${name}`).in(room).disconnectSockets(true);
  }
}

/** NOTE: only when to re-check unasked; the token's `exp` is read unverified, actorFromToken decides. */
function expiryHint(token: string): number | null {
  const claims = jwt.decode(token);
  return claims !== null && typeof claims === 'object' && typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}

async function respond<T>(ack: (res: T | { error: WireError }) => void, fn: () => Promise<T>): Promise<void> {
  try {
    ack(await fn());
  } catch (err) {
    ack({ error: toWire(err) });
  }
}

function toWire(err: unknown): WireError {
  return err instanceof HttpError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'Internal error' };
}
