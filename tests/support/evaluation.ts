import { createLogger } from '../../server/logger';
import { createOpeningScheduler } from '../../server/opening';
import { putBid, readyBidder, sealedBidFor, type ReadyBidder } from './bids';
import { bearer, buildTender, buildUser, type TestUser } from './factories';
import { makeCsr } from './keys';
import type { TestWorld } from './test-app';

/** The sandbox in-flight grace (server/tenders/rules.ts inFlightGraceMs). */
const GRACE = 1000;
const silent = createLogger('silent');
/** One bidder key for every bidder of these helpers: RSA key generation is the slow part. */
let sharedKeyPem: string | undefined;

export type OpenedTender = {
  /** the tender's API JSON as published (status was `published` then; it is `opened` now) */
  tender: Record<string, unknown> & { id: string };
  tenderId: string;
  /** registered bidders with enrolled certificates; bidders[i] bid `${1000 * (i + 1)}.00` yuan and confirmed the record */
  bidders: ReadyBidder[];
  /** opts.extra more bidders, registered (enrolled) but without a bid */
  registeredOnly: ReadyBidder[];
  /** the world's clock when the opening ended (bidDeadline + the 1 s grace); the clock is left there */
  openedAt: number;
};

/**
 * A tender of the agency taken through a platform-mode opening to `opened`: published (sandbox
 * rules, tenderBody defaults merged with opts.body), n bidders registered and bidding, one opening
 * scheduler pass at bidDeadline + grace (decrypts, record ready), then every bidder confirms the
 * record, which ends the session. n ≥ 3, or the opening fails (流标). Moves the world's clock forward.
 */
export async function openedTender(
  w: TestWorld,
  agency: TestUser,
  n: number,
  opts: { body?: Record<string, unknown>; extra?: number } = {},
): Promise<OpenedTender> {
  sharedKeyPem ??= makeCsr().keyPem;
  const tender = await buildTender(w, agency, { body: opts.body });
  const registeredOnly: ReadyBidder[] = [];
  for (let i = 0; i < (opts.extra ?? 0); i++) {
    registeredOnly.push(await readyBidder(w, tender.id, { keyPem: sharedKeyPem }));
  }
  const bidders: ReadyBidder[] = [];
  for (let i = 0; i < n; i++) {
    const b = await readyBidder(w, tender.id, { keyPem: sharedKeyPem });
    const res = await putBid(w, tender.id, b, await sealedBidFor(w, tender.id, b, { price: `${1000 * (i + 1)}.00` }));
    if (res.status !== 201) {
      throw new Error(`bid: ${res.status} ${JSON.stringify(res.body)}`);
    }
    bidders.push(b);
  }
  const openedAt = Date.parse(tender.bidDeadline as string) + GRACE;
  w.clock.set(openedAt);
  const scheduler = createOpeningScheduler({ db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline });
  await scheduler.runDue();
  await scheduler.settled();
  for (const b of bidders) {
    const res = await w.http().post(`/api/tenders/${tender.id}/opening/confirm`).set(...bearer(b));
    if (res.status !== 200) {
      throw new Error(`confirm: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  const status = (await w.ctx.tenders.get(tender.id)).status;
  if (status !== 'opened') {
    throw new Error(`tender ${tender.id} is ${status}, not opened`);
  }
  return { tender, tenderId: tender.id, bidders, registeredOnly, openedAt };
}

/**
 * An evaluator account in the expert pool (PUT /api/admin/experts/:userId by the admin). Its
 * organization is a new one unless opts.organization names one (an existing credit code joins it).
 */
export async function buildExpert(
  w: TestWorld,
  admin: TestUser,
  specialties: string[],
  opts: { available?: boolean; organization?: { name: string; creditCode: string } } = {},
): Promise<TestUser> {
  const expert = opts.organization ? await evaluatorIn(w, opts.organization) : await buildUser(w, 'evaluator');
  const res = await w.http().put(`/api/admin/experts/${expert.id}`).set(...bearer(admin)).send({ specialties, available: opts.available ?? true });
  if (res.status !== 200) {
    throw new Error(`expert profile: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return expert;
}

/** The organization (name, 统一社会信用代码) of an account. */
export async function organizationOf(w: TestWorld, user: TestUser): Promise<{ name: string; creditCode: string }> {
  const u = await w.ctx.auth.getUser(user.id);
  if (!u?.organizationName || !u.creditCode) {
    throw new Error(`user ${user.id} has no organization`);
  }
  return { name: u.organizationName, creditCode: u.creditCode };
}

let seq = 0;

async function evaluatorIn(w: TestWorld, organization: { name: string; creditCode: string }): Promise<TestUser> {
  seq += 1;
  const username = `expert${seq}_${process.pid}`;
  const user = await w.ctx.auth.ensureUser({ username, password: 'Passw0rd!', displayName: `专家 ${seq}`, role: 'evaluator', organization }, null);
  const { token } = await w.ctx.auth.login(username, 'Passw0rd!');
  return { id: user.id, username, token, role: 'evaluator', organizationId: user.organizationId, organizationName: user.organizationName };
}

export type EvaluatedTender = OpenedTender & { members: TestUser[] };

/**
 * A tender taken through the evaluation session over the API to `evaluated`: the agency draws a
 * committee of `size` from `pool` (experts with `specialty`), the members elect members[0] chair,
 * pass every compliance item, score the bids in order of price (technical 40, 38, 30, …; commercial
 * 12), the chair finalizes and every member signs the report agreeing. The evaluation report record
 * is requested then (issued on the next records pass).
 */
export async function evaluatedTender(
  w: TestWorld,
  agency: TestUser,
  pool: TestUser[],
  opts: { bids?: number; size?: number; specialty: string },
): Promise<EvaluatedTender> {
  const opened = await openedTender(w, agency, opts.bids ?? 3);
  const path = `/api/tenders/${opened.tenderId}/evaluation`;
  const call = async (method: 'post' | 'put', url: string, who: TestUser, body?: object, expected = [200, 204]) => {
    const res = await w.http()[method](url).set(...bearer(who)).send(body);
    if (!expected.includes(res.status)) {
      throw new Error(`${method.toUpperCase()} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body as Record<string, unknown>;
  };
  const drawn = await call('post', `/api/tenders/${opened.tenderId}/committee`, agency, { size: opts.size ?? 3, specialties: [opts.specialty], reserves: 0 }, [201]);
  const members = (drawn.members as { userId: string }[]).map((m) => {
    const user = pool.find((e) => e.id === m.userId);
    if (!user) {
      throw new Error(`drew ${m.userId}, who is not in the pool given`);
    }
    return user;
  });
  for (const m of members.slice(0, Math.floor(members.length / 2) + 1)) {
    await call('post', `${path}/chair`, m, { userId: members[0].id });
  }
  const view = (await w.http().get(path).set(...bearer(members[0]))).body as { bids: { sha256: string; items: { price?: string } }[]; complianceItems: { key: string }[] };
  const bids = [...view.bids].sort((a, b) => Number(a.items.price) - Number(b.items.price)).map((b) => b.sha256);
  const items = view.complianceItems.map((i) => i.key);
  for (const m of members) {
    await call('put', `${path}/compliance`, m, { entries: bids.flatMap((bid) => items.map((item) => ({ bid, item, pass: true }))) });
    await call('post', `${path}/compliance/submit`, m);
  }
  for (const m of members) {
    await call('put', `${path}/scores`, m, { entries: bids.flatMap((bid, i) => [{ bid, criterion: 'technical', score: String(40 - 2 * i) }, { bid, criterion: 'commercial', score: '12' }]) });
    await call('post', `${path}/scores/submit`, m);
  }
  await call('post', `${path}/finalize`, members[0]);
  for (const m of members) {
    await call('post', `${path}/sign`, m, { agree: true });
  }
  return { ...opened, members };
}
