import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { forbidden } from '../../../server/http/errors';
import { newId } from '../../../server/ids';
import { attachRealtime, createEventBus, type EventBus, type Realtime, type SessionEvent } from '../../../server/realtime';
import { describeEachDialect, isCi } from '../../support/dialects';
import { buildUser, type TestUser } from '../../support/factories';
import { useTestWorld, type TestWorld } from '../../support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? (isCi() ? 'redis://127.0.0.1:6379' : undefined);

type Hall = { server: http.Server; realtime: Realtime; bus: EventBus; url: string };

/** A socket.io server with a test namespace: members listed in `allowed` may join; the snapshot counts events. */
async function startHall(w: TestWorld, allowed: Set<string>, redisUrl?: string): Promise<Hall> {
  const server = http.createServer();
  const bus = createEventBus({ clock: w.clock });
  const realtime = await attachRealtime(
    server,
    { db: w.ctx.db, bus, log: w.ctx.log, redisUrl, actorFromToken: w.ctx.auth.actorFromToken, now: () => w.clock.now() },
    {
      opening: {
        authorizeJoin: async (actor) => {
          if (!actor || !allowed.has(actor.id)) {
            throw forbidden('not a participant of this tender');
          }
        },
        snapshot: async () => ({ stage: 'sign-in' }),
        privateRooms: async (actor) => (actor ? [{ userId: actor.id }] : []),
      },
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, realtime, bus, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stopHall(h: Hall): Promise<void> {
  await h.realtime.close();
  await new Promise<void>((resolve) => h.server.close(() => resolve()));
}

function client(url: string, token?: string): Socket {
  return connect(`${url}/opening`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
}

function joinAck(s: Socket, tenderId: string, lastSeq?: number): Promise<Record<string, unknown>> {
  return s.timeout(5000).emitWithAck('join', { tenderId, ...(lastSeq === undefined ? {} : { lastSeq }) });
}

function nextEvent(s: Socket): Promise<SessionEvent & { tenderId: string }> {
  return new Promise((resolve) => s.once('event', resolve));
}

describeEachDialect('live sessions over socket.io', (dialect) => {
  const world = useTestWorld(dialect);
  let hall: Hall;
  let member: TestUser;
  let outsider: TestUser;
  const open: Socket[] = [];
  const tenderId = newId();

  beforeAll(async () => {
    member = await buildUser(world(), 'bidder');
    outsider = await buildUser(world(), 'bidder');
    hall = await startHall(world(), new Set([member.id]));
  });
  afterEach(() => {
    open.splice(0).forEach((s) => s.close());
  });
  afterAll(async () => stopHall(hall));

  const track = (s: Socket): Socket => {
    open.push(s);
    return s;
  };

  const publish = (type: string, payload: Record<string, unknown>) =>
    world().ctx.db.transaction((trx) => hall.bus.publish(trx, 'opening', tenderId, type, payload));

  it('refuses a connection with a bad token with UNAUTHENTICATED', async () => {
    const s = track(client(hall.url, 'not-a-token'));
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => s.once('connect_error', resolve));
    expect(err.data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a join to someone who is not a participant, in the error contract', async () => {
    const s = track(client(hall.url, outsider.token));
    expect(await joinAck(s, tenderId)).toEqual({ error: { code: 'FORBIDDEN', message: 'not a participant of this tender' } });
    const anon = track(client(hall.url));
    expect(await joinAck(anon, tenderId)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('refuses a malformed join with VALIDATION', async () => {
    const s = track(client(hall.url, member.token));
    expect(await joinAck(s, 'not-an-id')).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  it('gives a joining member a snapshot with the current seq, then sequenced events', async () => {
    const s = track(client(hall.url, member.token));
    const ack = (await joinAck(s, tenderId)) as { snapshot: { seq: number; stage: string } };
    expect(ack.snapshot.stage).toBe('sign-in');
    const pending = nextEvent(s);
    const published = await publish('countdown-started', { secondsLeft: 30 });
    const received = await pending;
    expect(received).toEqual({ tenderId, ...published });
    expect(received.seq).toBe(ack.snapshot.seq + 1);
  });

  it('emits nothing and stores nothing when the transaction rolls back', async () => {
    const w = world();
    const s = track(client(hall.url, member.token));
    await joinAck(s, tenderId);
    const seen: unknown[] = [];
    s.on('event', (e) => seen.push(e));
    const before = await hall.bus.currentSeq(w.ctx.db, 'opening', tenderId);
    await expect(
      w.ctx.db.transaction(async (trx) => {
        await hall.bus.publish(trx, 'opening', tenderId, 'bid-revealed', { price: '1.00' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await publish('marker', {});
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([expect.objectContaining({ type: 'marker', seq: before + 1 })]);
    expect(after.seq).toBe(before + 1);
  });

  it('sends a reconnecting client exactly the events it missed, in order', async () => {
    const first = track(client(hall.url, member.token));
    const ack = (await joinAck(first, tenderId)) as { snapshot: { seq: number } };
    first.close();
    const missed = [];
    for (let i = 0; i < 3; i += 1) {
      missed.push(await publish('decryption-progressed', { done: i + 1, total: 3 }));
    }
    const again = track(client(hall.url, member.token));
    const replay = (await joinAck(again, tenderId, ack.snapshot.seq)) as { events: SessionEvent[]; seq: number };
    expect(replay.events).toEqual(missed);
    expect(replay.seq).toBe(missed[2]?.seq);
  });

  it('delivers a private notice to the addressee in its own room', async () => {
    const s = track(client(hall.url, member.token));
    await joinAck(s, tenderId);
    const got = new Promise((resolve) => s.once('notice', resolve));
    hall.bus.notify(null, 'opening', tenderId, { userId: member.id }, 'decryption-requested', {});
    expect(await got).toEqual({ tenderId, type: 'decryption-requested', payload: {} });
  });

  (REDIS_URL ? it : it.skip)('shares a room across two servers through the Redis adapter', async () => {
    const w = world();
    const a = await startHall(w, new Set([member.id]), REDIS_URL);
    const b = await startHall(w, new Set([member.id]), REDIS_URL);
    try {
      const onB = track(client(b.url, member.token));
      await joinAck(onB, tenderId);
      const pending = nextEvent(onB);
      const published = await w.ctx.db.transaction((trx) => a.bus.publish(trx, 'opening', tenderId, 'bid-revealed', { price: '9876543.21' }));
      expect(await pending).toEqual({ tenderId, ...published });
    } finally {
      await stopHall(a);
      await stopHall(b);
    }
  });
});

