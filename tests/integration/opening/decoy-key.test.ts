import { constants, privateDecrypt } from 'node:crypto';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler } from '../../../server/opening';
import { openingCertificateOf, putBid, readyBidder, sealedBidFor, withDecoyKeyFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { T0, useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Issue 13 finding 5, the decoy key: a bidder wraps another content key for the opening certificate
 * than for itself. Withholding its own key after seeing the others' prices must not make backup
 * decryption fail as the platform's fault (a free 撤回): one content key binds every recipient, and a
 * bid that breaks it is revoked (撤销, 电子招标投标办法 art. 31), whichever key opens it.
 */

const silent = createLogger('silent');
const GRACE = 1000;
const WINDOW_MS = 10_000;

type Line = { bidderOrganization: string; status: string; reason: string | null; items: Record<string, unknown> | null; decryptedBy: string };

describeEachDialect('a decoy content key for the opening certificate', (dialect) => {
  const world = useTestWorld(dialect);
  const { keyPem } = makeCsr();
  let agency: TestUser;
  let hour = 0;

  beforeAll(async () => {
    agency = await buildUser(world(), 'agency');
  });
  beforeEach(() => {
    hour += 1;
    world().clock.set(T0 + hour * 600_000);
  });

  async function passAt(w: TestWorld, at: number): Promise<void> {
    w.clock.set(at);
    const s = createOpeningScheduler({
      db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus,
      onDeadline: w.ctx.opening.onDeadline, dueSessions: w.ctx.opening.dueSessions, nextSessionDue: w.ctx.opening.nextSessionDue,
    });
    await s.runDue();
    await s.settled();
  }

  /** Three honest bids and the attacker's, sealed with a decoy key for the opening certificate. */
  async function tenderWithDecoy(undecryptedBids: 'backup' | 'invalid') {
    const w = world();
    const tender = await buildTender(w, agency, { body: { openingMode: 'bidder', decryptionWindowMinutes: WINDOW_MS / 1000, undecryptedBids } });
    const honest: ReadyBidder[] = [];
    for (let i = 0; i < 3; i++) {
      honest.push(await readyBidder(w, tender.id, { keyPem }));
      expect((await putBid(w, tender.id, honest[i] as ReadyBidder, await sealedBidFor(w, tender.id, honest[i] as ReadyBidder, { price: `${1000 * (i + 2)}.00` }))).status).toBe(201);
    }
    const attacker = await readyBidder(w, tender.id, { keyPem });
    const sealed = withDecoyKeyFor(await sealedBidFor(w, tender.id, attacker, { price: '1000.00' }), await openingCertificateOf(w, tender.id));
    // Nothing at submission tells the decoy apart: the server may not use the opening key before the deadline.
    expect((await putBid(w, tender.id, attacker, sealed)).status).toBe(201);
    return { w, tender, honest, attacker, deadline: Date.parse(tender.bidDeadline as string) };
  }

  /** The bidder's side: its own wrapped key from the envelope, unwrapped with its private key. */
  async function ownKey(tenderId: string, bidder: ReadyBidder): Promise<string> {
    const res = await world().http().get(`/api/tenders/${tenderId}/opening/envelope`).set(...bearer(bidder));
    expect(res.status).toBe(200);
    for (const r of res.body.recipients as { encryptedKey: string }[]) {
      try {
        return privateDecrypt({ key: bidder.keyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(r.encryptedKey, 'base64')).toString('base64');
      } catch {
        // the opening certificate's recipient
      }
    }
    throw new Error('no recipient unwraps with the bidder key');
  }

  const decrypt = (tenderId: string, bidder: ReadyBidder, contentKey: string) =>
    world().http().post(`/api/tenders/${tenderId}/opening/decrypt`).set(...bearer(bidder)).send({ contentKey });

  async function lineOf(tenderId: string, bidder: ReadyBidder): Promise<Line> {
    const res = await world().http().get(`/api/tenders/${tenderId}/opening`);
    const line = (res.body.bids as Line[]).find((b) => b.bidderOrganization === bidder.organizationName);
    if (!line) {
      throw new Error('no line for the bidder');
    }
    return line;
  }

  it('withholding the own key after seeing the prices: backup decryption fails by the bidder’s doing, revoked (撤销), not withdrawn (撤回)', async () => {
    const { w, tender, honest, attacker, deadline } = await tenderWithDecoy('backup');
    await passAt(w, deadline + GRACE);
    for (const b of honest) {
      const res = await decrypt(tender.id, b, await ownKey(tender.id, b));
      expect([res.status, res.body.bid?.status ?? res.body.error?.code]).toEqual([200, 'valid']);
    }
    // The attacker's own key would open its bid (1000.00, the lowest): it sees the prices and keeps it.
    await passAt(w, deadline + WINDOW_MS);
    const line = await lineOf(tender.id, attacker);
    expect(line).toMatchObject({ status: 'invalid', items: null, decryptedBy: 'backup' });
    expect(line.reason).toContain('撤销');
    expect(line.reason).toContain("the bidder's fault");
    expect(line.reason).not.toContain('撤回');
  });

  it('handing over the own key that opens the bid: refused as not the opening certificate’s key, recorded revoked, never its price', async () => {
    for (const mode of ['backup', 'invalid'] as const) {
      const { w, tender, attacker, deadline } = await tenderWithDecoy(mode);
      await passAt(w, deadline + GRACE);
      const key = await ownKey(tender.id, attacker);
      const res = await decrypt(tender.id, attacker, key);
      expect(res.status).toBe(200);
      expect(res.body.bid).toMatchObject({ status: 'invalid', items: null, decryptedBy: 'bidder' });
      expect(res.body.bid.reason).toContain('not the one sealed for the opening certificate');
      expect(res.body.bid.reason).toContain('撤销');
      const line = await lineOf(tender.id, attacker);
      expect(line).toMatchObject({ status: 'invalid', items: null });
      expect(JSON.stringify(line)).not.toContain('1000.00');
      const actions = (await w.ctx.audit.listForTender(w.ctx.db, tender.id, { includeSealed: true })).map((e) => e.action);
      expect(actions).toContain('opening.key-checked');
      // The opening key opened nothing: it only unwrapped the key to compare.
      expect(actions).not.toContain('opening.key-used');
    }
  });
});
