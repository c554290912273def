import jwt from 'jsonwebtoken';
import type { Socket } from 'socket.io-client';
import { openingNamespace } from '../../../server/opening';
import { readyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { startLiveServer, type LiveServer } from '../../support/realtime';
import { T0, useTestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 6: a socket does not keep the identity of its handshake. Every command checks the
 * account again (disabled, signed out, token expired → refused with its code), and disabling an account
 * or the token's expiry on the server clock disconnects its sockets.
 */

type Ack = { ok?: true; error?: { code: string } };

describeEachDialect('the account behind an /opening socket', (dialect) => {
  const world = useTestWorld(dialect);
  const { keyPem } = makeCsr();
  let live: LiveServer;
  let agency: TestUser;
  let admin: TestUser;
  let hour = 0;

  beforeAll(async () => {
    live = await startLiveServer(world(), { opening: openingNamespace(world().ctx.opening) });
  });
  afterAll(() => live.close());
  beforeEach(async () => {
    hour += 24; // past every token of the previous test
    world().clock.set(T0 + hour * 3_600_000);
    agency = await buildUser(world(), 'agency');
    admin = await buildUser(world(), 'admin');
  });

  /** A registered bidder's socket, joined to the tender's hall. */
  async function bidderInHall(): Promise<{ bidder: TestUser; socket: Socket; tenderId: string }> {
    const tender = await buildTender(world(), agency);
    const bidder = await readyBidder(world(), tender.id, { keyPem });
    const socket = await connected(bidder);
    const joined = await socket.timeout(5000).emitWithAck('join', { tenderId: tender.id });
    expect(joined.snapshot).toMatchObject({ tenderId: tender.id, me: { role: 'bidder', participant: true } });
    return { bidder, socket, tenderId: tender.id };
  }

  async function connected(who: TestUser): Promise<Socket> {
    const s = live.client('opening', who);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('connect_error', reject);
    });
    return s;
  }

  /** Resolves with the reason the server gave, once the socket is disconnected (the test's timeout bounds the wait). */
  const disconnected = (s: Socket): Promise<string> => (s.disconnected ? Promise.resolve('already') : new Promise((resolve) => s.once('disconnect', (reason) => resolve(reason))));
  const signedOut = (s: Socket): Promise<{ error: { code: string } }> => new Promise((resolve) => s.once('signed-out', resolve));
  const object = (s: Socket, tenderId: string): Promise<Ack> => s.timeout(5000).emitWithAck('object', { tenderId, text: '开标记录有误' });

  it('an admin disabling the account disconnects its socket from the hall, and the token no longer connects', async () => {
    const { bidder, socket } = await bidderInHall();
    const notice = signedOut(socket);
    const gone = disconnected(socket);
    const res = await world().http().patch(`/api/admin/users/${bidder.id}`).set(...bearer(admin)).send({ status: 'disabled' });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(await notice).toEqual({ error: { code: 'ACCOUNT_DISABLED', message: expect.any(String) } });
    await expect(connected(bidder)).rejects.toMatchObject({ data: { code: 'ACCOUNT_DISABLED' } });
  });

  it('a command from a socket whose account was disabled elsewhere is refused (ACCOUNT_DISABLED), then the socket is let go', async () => {
    const { bidder, socket, tenderId } = await bidderInHall();
    // As another process without a shared adapter would: the account row changes, this process hears nothing.
    await world().ctx.db('users').where({ id: bidder.id }).update({ status: 'disabled' });
    expect(socket.connected).toBe(true);
    const gone = disconnected(socket);
    expect(await object(socket, tenderId)).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
    expect(await gone).toBe('io server disconnect');
    expect(await world().ctx.db('opening_objections').where({ tender_id: tenderId })).toHaveLength(0);
  });

  it('once its token expires on the server clock a command is refused (TOKEN_EXPIRED) and an idle socket is disconnected', async () => {
    const { bidder, socket, tenderId } = await bidderInHall();
    const idle = await connected(bidder);
    const { exp } = jwt.decode(bidder.token) as { exp: number };
    const idleGone = disconnected(idle);
    world().clock.set(exp * 1000);
    expect(await object(socket, tenderId)).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    // No command from the idle socket: the server's once-a-second check lets it go.
    expect(await idleGone).toBe('io server disconnect');
    expect(socket.connected).toBe(false);
  });
});
