import { X509Certificate, verify } from 'node:crypto';
import { checkpointText } from '../../../server/audit';
import { linkHash, sha256Hex } from '../../../server/audit/chain';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { useTestWorld, type TestWorld } from '../../support/test-app';

type Row = Record<string, unknown> & { seq: number | string; chain_seq: number | string; payload: string; hash: string; prev_hash: string };

/** What someone with write access to the database does: edit one event and recompute every hash after it, head included. */
async function rewriteForward(w: TestWorld, chainSeq: number, edit: (payload: string) => string): Promise<void> {
  const rows: Row[] = await w.ctx.db('audit_events').whereNotNull('chain_seq').orderBy('chain_seq');
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const n = Number(r.chain_seq);
    const payload = n === chainSeq ? edit(r.payload) : r.payload;
    const fields = {
      seq: n, at: Number(r.at), actorId: r.actor_id as string | null, actorRole: r.actor_role as string | null, tenderId: r.tender_id as string | null,
      action: r.action as string, visibility: r.visibility as string, payloadHash: sha256Hex(payload),
    };
    const hash = linkHash(prev, fields);
    await w.ctx.db('audit_events').where({ seq: r.seq }).update({ payload, payload_hash: fields.payloadHash, prev_hash: prev, hash });
    prev = hash;
  }
  await w.ctx.db('audit_head').where({ id: 1 }).update({ seq: rows.length, hash: prev });
}

describeEachDialect('the audit trail is a hash chain that names the first broken link', (dialect) => {
  const world = useTestWorld(dialect);
  let supervisor: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    const w = world();
    supervisor = await buildUser(w, 'supervisor');
    admin = await buildUser(w, 'admin');
    const agency = await buildUser(w, 'agency');
    for (let i = 0; i < 3; i += 1) {
      await buildTender(w, agency);
    }
  });

  const check = async (w: TestWorld = world(), u: TestUser = supervisor) => (await w.http().get('/api/audit/verify').set(...bearer(u))).body;

  it('verifies an untouched chain, against its signed checkpoints, and answers admins and supervisors alike', async () => {
    const res = await world().http().get('/api/audit/verify').set(...bearer(supervisor));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: true, size: expect.any(Number), headHash: expect.stringMatching(/^[0-9a-f]{64}$/), checkpointsChecked: 3, latestCheckpoint: expect.objectContaining({ algorithm: 'RSA-SHA256' }) });
    expect(res.body.size).toBeGreaterThan(5);
    expect(await check(world(), admin)).toEqual(res.body);
  });

  it('signs a checkpoint at every stage change, public and verifiable offline with the platform signing certificate', async () => {
    const w = world();
    const published: Row[] = await w.ctx.db('audit_events').where({ action: 'tender.published' }).orderBy('chain_seq');
    const list = (await w.http().get('/api/audit/checkpoints')).body;
    expect(list.items.map((c: { size: number }) => c.size)).toEqual(published.map((r) => Number(r.chain_seq)).reverse());
    expect(list.total).toBe(3);
    const cert = new X509Certificate(list.signerCertificate);
    for (const c of list.items) {
      expect(c.headHash).toBe(published.find((r) => Number(r.chain_seq) === c.size)?.hash);
      expect(verify('sha256', Buffer.from(checkpointText(c)), cert.publicKey, Buffer.from(c.signature, 'base64'))).toBe(true);
    }
    expect((await w.http().get('/api/audit/checkpoints/latest')).body).toEqual(list.items[0]);
    expect((await w.http().get(`/api/audit/checkpoints/${list.items[1].size}`)).body).toEqual(list.items[1]);
    expect((await w.http().get('/api/audit/checkpoints/99999')).status).toBe(404);
  });

  it('catches a payload edited in the database and names its sequence number', async () => {
    const w = world();
    const victim = await w.ctx.db('audit_events').where({ action: 'tender.published' }).orderBy('seq').first();
    const original = victim.payload;
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ payload: original.replace('sandbox', 'cn-law') });
    expect(await check()).toMatchObject({ valid: false, brokenLink: Number(victim.chain_seq), reason: 'payload does not match its hash' });
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ payload: original });
  });

  it('catches a rewritten event whose own hashes were recomputed, at the next link', async () => {
    const w = world();
    const victim = await w.ctx.db('audit_events').orderBy('seq').offset(2).first();
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ hash: 'f'.repeat(64) });
    const res = await check();
    expect(res.valid).toBe(false);
    expect(res.brokenLink).toBe(Number(victim.chain_seq));
    await w.ctx.db('audit_events').where({ seq: victim.seq }).update({ hash: victim.hash });
  });

  it('catches a deleted event as a sequence gap', async () => {
    const w = world();
    const victim = await w.ctx.db('audit_events').orderBy('seq').offset(1).first();
    await w.ctx.db('audit_events').where({ seq: victim.seq }).delete();
    const res = await check();
    expect(res).toMatchObject({ valid: false, brokenLink: Number(victim.chain_seq) });
    expect(res.reason).toMatch(/sequence gap/);
    await w.ctx.db('audit_events').insert(victim);
    expect((await check()).valid).toBe(true);
  });

  it('catches events cut off the end of the chain', async () => {
    const w = world();
    const last = await w.ctx.db('audit_events').orderBy('seq', 'desc').first();
    await w.ctx.db('audit_events').where({ seq: last.seq }).delete();
    expect(await check()).toMatchObject({ valid: false, brokenLink: Number(last.chain_seq) });
    await w.ctx.db('audit_events').insert(last);
  });

  it('refuses the chain check to agencies and bidders, and the outsider check to the public', async () => {
    const w = world();
    const bidder = await buildUser(w, 'bidder');
    expect((await w.http().get('/api/audit/verify').set(...bearer(bidder))).status).toBe(403);
    expect((await w.http().get('/api/audit/verify')).status).toBe(401);
    expect((await w.http().post('/api/audit/verify').send({ checkpoint: {} })).status).toBe(401);
  });
});

describeEachDialect('signed checkpoints anchor the audit chain (issue 13 finding 7)', (dialect) => {
  const world = useTestWorld(dialect);

  it('reports an event rewritten with every hash recomputed forward, against the stored checkpoints and against an outsider’s', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const supervisor = await buildUser(w, 'supervisor');
    const bidder = await buildUser(w, 'bidder');
    const first = await buildTender(w, agency);
    const held = (await w.http().get('/api/audit/checkpoints/latest')).body;
    await buildTender(w, agency);
    const outsider = async () => (await w.http().post('/api/audit/verify').set(...bearer(bidder)).send({ checkpoint: held })).body;
    expect(await outsider()).toMatchObject({ valid: true });

    // The first tender's publication is rewritten (another rule set) and the chain recomputed forward: every link holds.
    const victim = await w.ctx.db('audit_events').where({ tender_id: first.id, action: 'tender.published' }).first();
    await rewriteForward(w, Number(victim.chain_seq), (p) => p.replace('sandbox', 'cn-law'));
    const verdict = (await w.http().get('/api/audit/verify').set(...bearer(supervisor))).body;
    expect(verdict).toMatchObject({ valid: false, brokenLink: 1 });
    expect(verdict.reason).toMatch(new RegExp(`hash at size ${held.size} is not the head of the signed checkpoint`));

    // Whoever rewrote it also deletes the stored checkpoints: the one an outsider holds still catches it.
    await w.ctx.db('audit_checkpoints').delete();
    expect((await w.http().get('/api/audit/verify').set(...bearer(supervisor))).body).toMatchObject({ valid: true });
    const theirs = await outsider();
    expect(theirs).toMatchObject({ valid: false, brokenLink: 1 });
    expect(theirs.reason).toMatch(/is not the head of the checkpoint given/);
  });

  it('refuses a checkpoint the platform did not sign', async () => {
    const w = world();
    const bidder = await buildUser(w, 'bidder');
    await buildTender(w, await buildUser(w, 'agency'));
    const real = (await w.http().get('/api/audit/checkpoints/latest')).body;
    const forged = { ...real, headHash: 'a'.repeat(64) };
    const res = await w.http().post('/api/audit/verify').set(...bearer(bidder)).send({ checkpoint: forged });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, reason: 'the checkpoint given is not signed by the platform signing certificate' });
    expect((await w.http().post('/api/audit/verify').set(...bearer(bidder)).send({ checkpoint: { ...real, size: 'x' } })).status).toBe(400);
  });

  it('makes an interval checkpoint only when the chain grew since the last one', async () => {
    const w = world();
    await buildTender(w, await buildUser(w, 'agency'));
    expect(await w.ctx.audit.checkpointNow(w.ctx.db)).toBe(false);
    await buildUser(w, 'bidder');
    const before = (await w.http().get('/api/audit/checkpoints/latest')).body.size;
    expect(await w.ctx.audit.checkpointNow(w.ctx.db)).toBe(true);
    const after = (await w.http().get('/api/audit/checkpoints/latest')).body;
    expect(after.size).toBeGreaterThan(before);
    expect(after.headHash).toBe((await w.ctx.db('audit_head').first()).hash);
  });
});
