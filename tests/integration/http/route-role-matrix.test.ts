import type { Test } from 'supertest';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, tenderBody, type TestUser } from '../../support/factories';
import { useTestWorld, type TestWorld } from '../../support/test-app';
import { makeCsr, makeRootCertificate } from '../../support/keys';
import { putBid, sealedBidFor } from '../../support/bids';
import { apiRoutes } from '../../support/routes';

/**
 * Every route × every kind of caller. A caller the route is for passes authorization (2xx, or a
 * listed domain status); anyone else gets 401 (the public), 403 or 404 — never data, never a 5xx.
 * A route missing from MATRIX fails the completeness test, so new routes must be added here.
 */
const WHO = ['public', 'bidder', 'otherBidder', 'owner', 'otherAgency', 'evaluator', 'supervisor', 'admin'] as const;
type Who = (typeof WHO)[number];

type Fixture = {
  tenderId: string; draftId: string; docId: string; userId: string; notificationId: string; certId: string; rootId: string;
  /** a sealed bid of the bidder for tenderId (it already has one in force there) and that bid's {receipt, signature} */
  sealedBid: Buffer; receipt: { receipt: unknown; signature: string };
};
type Row = {
  allowed: readonly Who[] | 'all' | 'signed-in';
  /** Builds a request valid for the allowed callers (path params and body filled from the fixture). */
  send(w: TestWorld, f: Fixture, call: (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) => Test): Test;
  /** Domain statuses an allowed caller may also get (e.g. already registered). */
  alsoOk?: number[];
  /** The route changes state: give each caller a fresh fixture. */
  fresh?: boolean;
};

const MATRIX: Record<string, Row> = {
  'GET /api/health': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/health') },
  'GET /api/openapi.json': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/openapi.json') },
  'GET /api/docs': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/docs') },
  'POST /api/auth/register': {
    allowed: 'all',
    send: (_w, _f, c) =>
      c('post', '/api/auth/register').send({ username: `m_${Math.random().toString(36).slice(2, 10)}`, password: 'Passw0rd!', displayName: '测试', organization: { name: '矩阵测试有限公司', creditCode: '91350100M000100Y43' } }),
  },
  'POST /api/auth/login': { allowed: 'all', send: (_w, _f, c) => c('post', '/api/auth/login').send({ username: `nobody_${Math.random().toString(36).slice(2, 10)}`, password: 'x' }), alsoOk: [401] },
  'GET /api/me': { allowed: 'signed-in', send: (_w, _f, c) => c('get', '/api/me') },
  'GET /api/admin/users': { allowed: ['admin'], send: (_w, _f, c) => c('get', '/api/admin/users') },
  'POST /api/admin/users': {
    allowed: ['admin'],
    send: (_w, _f, c) => c('post', '/api/admin/users').send({ username: `s_${Math.random().toString(36).slice(2, 10)}`, password: 'Passw0rd!', displayName: '监督', role: 'supervisor' }),
  },
  'PATCH /api/admin/users/:userId': { allowed: ['admin'], send: (_w, f, c) => c('patch', `/api/admin/users/${f.userId}`).send({ status: 'active' }) },
  // Signs out a fresh token of the caller, so the caller's own token stays good for the other rows.
  'POST /api/auth/logout': { allowed: 'signed-in', send: ((w: TestWorld, _f: Fixture, c: (method: 'post', path: string) => Test) => signOutFreshToken(w, c)) as unknown as Row['send'] },
  // Each factory account is the first (administrator) of its own organization; staff accounts have none.
  'GET /api/org/members': { allowed: ['bidder', 'otherBidder', 'owner', 'otherAgency', 'evaluator'], send: (_w, _f, c) => c('get', '/api/org/members') },
  'POST /api/org/members/:userId/approve': { allowed: ['evaluator'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/org/members/${f.userId}/approve`) },
  'POST /api/org/members/:userId/refuse': { allowed: ['evaluator'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/org/members/${f.userId}/refuse`) },
  'GET /api/tenders': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/tenders') },
  'POST /api/tenders': { allowed: ['owner', 'otherAgency'], send: (w, _f, c) => c('post', '/api/tenders').send(tenderBody(w)) },
  'GET /api/tenders/:tenderId': { allowed: 'all', send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}`) },
  'PATCH /api/tenders/:tenderId': { allowed: ['owner'], send: (_w, f, c) => c('patch', `/api/tenders/${f.draftId}`).send({ title: '改名后的标段' }) },
  'POST /api/tenders/:tenderId/publish': { allowed: ['owner'], fresh: true, send: (_w, f, c) => c('post', `/api/tenders/${f.draftId}/publish`) },
  'POST /api/tenders/:tenderId/cancel': { allowed: ['owner'], fresh: true, send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/cancel`).send({ reason: '项目调整' }) },
  'GET /api/tenders/:tenderId/audit': { allowed: ['owner', 'supervisor', 'admin'], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/audit`) },
  'GET /api/audit/verify': { allowed: ['supervisor', 'admin'], send: (_w, _f, c) => c('get', '/api/audit/verify') },
  // An unsigned checkpoint: a verdict (valid: false), not an error.
  'POST /api/audit/verify': {
    allowed: 'signed-in',
    send: (_w, _f, c) => c('post', '/api/audit/verify').send({ checkpoint: { size: 1, headHash: '0'.repeat(64), time: '2026-12-01T00:00:00.000Z', signature: 'AAAA' } }),
  },
  'GET /api/audit/checkpoints': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/audit/checkpoints') },
  'GET /api/audit/checkpoints/latest': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/audit/checkpoints/latest') },
  'GET /api/audit/checkpoints/:size': { allowed: 'all', alsoOk: [404], send: (_w, _f, c) => c('get', '/api/audit/checkpoints/1') },
  'POST /api/tenders/:tenderId/documents': {
    allowed: ['owner'],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/documents`).attach('file', Buffer.from('招标文件正文'), '招标文件.pdf'),
  },
  'GET /api/tenders/:tenderId/documents': { allowed: ['owner', 'bidder', 'supervisor', 'admin'], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/documents`) },
  'GET /api/tenders/:tenderId/documents/:docId': {
    allowed: ['owner', 'bidder', 'supervisor', 'admin'],
    send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/documents/${f.docId}`),
  },
  'POST /api/tenders/:tenderId/registrations': {
    allowed: ['bidder', 'otherBidder'],
    alsoOk: [409],
    fresh: true,
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/registrations`),
  },
  'GET /api/tenders/:tenderId/registration': { allowed: ['bidder', 'otherBidder'], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/registration`) },
  'GET /api/me/registrations': { allowed: ['bidder', 'otherBidder'], send: (_w, _f, c) => c('get', '/api/me/registrations') },
  'POST /api/tenders/:tenderId/questions': { allowed: ['bidder'], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/questions`).send({ text: '工期是否可以调整？' }) },
  'GET /api/tenders/:tenderId/questions': {
    allowed: ['bidder', 'otherBidder', 'owner', 'supervisor', 'admin'],
    send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/questions`),
  },
  'POST /api/tenders/:tenderId/clarifications': {
    allowed: ['owner'],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/clarifications`).send({ title: '澄清一', body: '答疑内容', affectsBids: false }),
  },
  'GET /api/tenders/:tenderId/clarifications': { allowed: 'all', send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/clarifications`) },
  'GET /api/me/notifications': { allowed: 'signed-in', send: (_w, _f, c) => c('get', '/api/me/notifications') },
  'GET /api/ca': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/ca') },
  'POST /api/certs': { allowed: 'signed-in', send: (_w, _f, c) => c('post', '/api/certs').send({ csr: CSR }) },
  'POST /api/certs/import': {
    allowed: ['bidder', 'otherBidder'],
    alsoOk: [400],
    send: (_w, _f, c) => c('post', '/api/certs/import').send({ certificate: FOREIGN_ROOT }),
  },
  'GET /api/certs': { allowed: 'signed-in', send: (_w, _f, c) => c('get', '/api/certs') },
  'POST /api/certs/:certificateId/revoke': { allowed: ['bidder', 'admin'], fresh: true, send: (_w, f, c) => c('post', `/api/certs/${f.certId}/revoke`).send({ reason: '密钥遗失' }) },
  'POST /api/admin/trusted-roots': { allowed: ['admin'], alsoOk: [409], send: (_w, _f, c) => c('post', '/api/admin/trusted-roots').send({ name: '外部CA', certificate: FOREIGN_ROOT }) },
  'DELETE /api/admin/trusted-roots/:rootId': { allowed: ['admin'], fresh: true, send: (_w, f, c) => c('delete', `/api/admin/trusted-roots/${f.rootId}`) },
  'GET /api/tenders/:tenderId/opening-certificate': { allowed: 'all', send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/opening-certificate`) },
  'POST /api/me/notifications/:notificationId/read': { allowed: ['bidder'], send: (_w, f, c) => c('post', `/api/me/notifications/${f.notificationId}/read`) },
  'PUT /api/tenders/:tenderId/bid': {
    allowed: ['bidder'],
    send: (_w, f, c) => c('put', `/api/tenders/${f.tenderId}/bid`).set('Content-Type', 'application/pkcs7-mime').send(f.sealedBid),
  },
  'GET /api/tenders/:tenderId/bid': { allowed: ['bidder', 'otherBidder'], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/bid`) },
  'DELETE /api/tenders/:tenderId/bid': { allowed: ['bidder'], fresh: true, send: (_w, f, c) => c('delete', `/api/tenders/${f.tenderId}/bid`) },
  'POST /api/receipts/verify': { allowed: 'all', send: (_w, f, c) => c('post', '/api/receipts/verify').send(f.receipt) },
  // Public once sealed; the fixture's tender is before its deadline, so 404 for everyone (nothing leaks early).
  'GET /api/tenders/:tenderId/commitments': { allowed: 'all', alsoOk: [404], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/commitments`) },
  'GET /api/tenders/:tenderId/records': { allowed: 'all', send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/records`) },
  'GET /api/records/:recordId/pdf': { allowed: 'all', alsoOk: [404], send: (_w, f, c) => c('get', `/api/records/${f.userId}/pdf`) },
  'POST /api/records/verify': { allowed: 'all', alsoOk: [400], send: (_w, _f, c) => c('post', '/api/records/verify').set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.7 not really')) },
  // Committee members sign the evaluation report; the fixture has none (404 for evaluators, who pass authorization).
  'GET /api/records/:recordId/signatures': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('get', `/api/records/${f.userId}/signatures`) },
  'POST /api/records/:recordId/signatures/prepare': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('post', `/api/records/${f.userId}/signatures/prepare`) },
  'POST /api/records/:recordId/signatures': {
    allowed: ['evaluator'],
    alsoOk: [404],
    send: (_w, f, c) => c('post', `/api/records/${f.userId}/signatures`).send({ preparationId: f.userId, cms: Buffer.alloc(64, 1).toString('base64') }),
  },
  // OCDS export: public and read-only; the same package for every caller.
  'GET /api/ocds/tenders/:tenderId': { allowed: 'all', send: (_w, f, c) => c('get', `/api/ocds/tenders/${f.tenderId}`) },
  'GET /api/ocds/releases': { allowed: 'all', send: (_w, _f, c) => c('get', '/api/ocds/releases?limit=5') },
  'GET /api/tenders/:tenderId/opening': { allowed: 'all', send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/opening`) },
  // The fixture tender is before its deadline: the hall's later stages answer 409 OPENING_STAGE to the callers they are for.
  'POST /api/tenders/:tenderId/opening/sign-in': { allowed: ['bidder'], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/sign-in`) },
  'GET /api/tenders/:tenderId/opening/envelope': { allowed: ['bidder'], alsoOk: [409], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/opening/envelope`) },
  'POST /api/tenders/:tenderId/opening/decrypt': {
    allowed: ['bidder'],
    alsoOk: [409],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/decrypt`).send({ contentKey: Buffer.alloc(32, 7).toString('base64') }),
  },
  'POST /api/tenders/:tenderId/opening/confirm': { allowed: ['bidder'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/confirm`) },
  'POST /api/tenders/:tenderId/opening/objections': {
    allowed: ['bidder'],
    alsoOk: [409],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/objections`).send({ text: '对唱标价格有异议' }),
  },
  'POST /api/tenders/:tenderId/opening/pause': { allowed: ['owner'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/pause`).send({ reason: '网络故障' }) },
  'POST /api/tenders/:tenderId/opening/resume': { allowed: ['owner'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/resume`) },
  'POST /api/tenders/:tenderId/opening/objections/:objectionId/answer': {
    allowed: ['owner'],
    alsoOk: [409],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/opening/objections/${f.userId}/answer`).send({ text: '已核实，唱标无误' }),
  },
  'GET /api/admin/experts': { allowed: ['admin'], send: (_w, _f, c) => c('get', '/api/admin/experts') },
  'PUT /api/admin/experts/:userId': {
    allowed: ['admin'],
    send: (_w, f, c) => c('put', `/api/admin/experts/${f.userId}`).send({ specialties: ['市政道路'], available: true }),
  },
  // The fixture tender is not opened: the owner gets 409 INVALID_STATE; and nothing is drawn yet, so GET answers 404.
  'POST /api/tenders/:tenderId/committee': {
    allowed: ['owner'],
    alsoOk: [409],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/committee`).send({ size: 3, specialties: ['市政道路'] }),
  },
  'GET /api/tenders/:tenderId/committee': { allowed: ['owner', 'supervisor', 'admin'], alsoOk: [404], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/committee`) },
  // The fixture tender is before its deadline: publicity and award answer 409 EVALUATION_STAGE to the callers they are for; nothing is public yet (404).
  'POST /api/tenders/:tenderId/candidates/publish': { allowed: ['owner'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/candidates/publish`) },
  'GET /api/tenders/:tenderId/candidates': { allowed: 'all', alsoOk: [404], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/candidates`) },
  'POST /api/tenders/:tenderId/candidates/objections': {
    allowed: ['bidder'],
    alsoOk: [409],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/candidates/objections`).send({ text: '对中标候选人有异议' }),
  },
  'POST /api/tenders/:tenderId/candidates/objections/:objectionId/answer': {
    allowed: ['owner'],
    alsoOk: [409],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/candidates/objections/${f.userId}/answer`).send({ text: '经核查，异议不成立' }),
  },
  'POST /api/tenders/:tenderId/award': { allowed: ['owner'], alsoOk: [409], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/award`).send({}) },
  'GET /api/tenders/:tenderId/award': { allowed: 'all', alsoOk: [404], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/award`) },
  // The fixture tender has no committee: the evaluation's routes answer 404 to the callers they are for.
  'GET /api/tenders/:tenderId/evaluation': { allowed: ['owner', 'supervisor', 'evaluator'], alsoOk: [404], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/evaluation`) },
  'GET /api/tenders/:tenderId/evaluation/report': { allowed: ['owner', 'supervisor', 'evaluator'], alsoOk: [404], send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/evaluation/report`) },
  'GET /api/tenders/:tenderId/evaluation/bids/:bid/documents': {
    allowed: ['evaluator', 'supervisor'],
    alsoOk: [404],
    send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/evaluation/bids/${'a'.repeat(64)}/documents`),
  },
  'GET /api/tenders/:tenderId/evaluation/bids/:bid/documents/:name': {
    allowed: ['evaluator', 'supervisor'],
    alsoOk: [404],
    send: (_w, f, c) => c('get', `/api/tenders/${f.tenderId}/evaluation/bids/${'a'.repeat(64)}/documents/x.pdf`),
  },
  'POST /api/tenders/:tenderId/evaluation/chair': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/chair`).send({ userId: f.userId }) },
  'PUT /api/tenders/:tenderId/evaluation/compliance': {
    allowed: ['evaluator'],
    alsoOk: [404],
    send: (_w, f, c) => c('put', `/api/tenders/${f.tenderId}/evaluation/compliance`).send({ entries: [{ bid: 'a'.repeat(64), item: 'qualification', pass: true }] }),
  },
  'POST /api/tenders/:tenderId/evaluation/compliance/submit': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/compliance/submit`) },
  'PUT /api/tenders/:tenderId/evaluation/scores': {
    allowed: ['evaluator'],
    alsoOk: [404],
    send: (_w, f, c) => c('put', `/api/tenders/${f.tenderId}/evaluation/scores`).send({ entries: [{ bid: 'a'.repeat(64), criterion: 'technical', score: '30' }] }),
  },
  'POST /api/tenders/:tenderId/evaluation/scores/submit': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/scores/submit`) },
  'POST /api/tenders/:tenderId/evaluation/scores/:memberId/return': {
    allowed: ['evaluator'],
    alsoOk: [404],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/scores/${f.userId}/return`).send({ reason: '请复核技术分' }),
  },
  'POST /api/tenders/:tenderId/evaluation/flags/:flagId/resolve': {
    allowed: ['evaluator'],
    alsoOk: [404],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/flags/${f.userId}/resolve`).send({ resolution: 'kept', note: '评分有据，保留' }),
  },
  'POST /api/tenders/:tenderId/evaluation/finalize': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/finalize`) },
  'POST /api/tenders/:tenderId/evaluation/reject-all': {
    allowed: ['evaluator'],
    alsoOk: [404],
    send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/reject-all`).send({ reason: '有效投标不足三家' }),
  },
  'POST /api/tenders/:tenderId/evaluation/sign': { allowed: ['evaluator'], alsoOk: [404], send: (_w, f, c) => c('post', `/api/tenders/${f.tenderId}/evaluation/sign`).send({ agree: true }) },
};

const BIDDER_KEY = makeCsr();
const CSR = BIDDER_KEY.csrPem;
/** A fresh self-signed CA each time a fixture needs one (trusted roots are unique by fingerprint). */
const foreignRoot = (): string => makeRootCertificate();
const FOREIGN_ROOT = foreignRoot();

const isAllowed = (row: Row, who: Who): boolean =>
  row.allowed === 'all' || (row.allowed === 'signed-in' ? who !== 'public' : row.allowed.includes(who));

/** POST /api/auth/logout with a new token of the caller the request was made for (none for the public). */
async function signOutFreshToken(w: TestWorld, c: (method: 'post', path: string) => Test): Promise<Test> {
  const req = c('post', '/api/auth/logout');
  const auth = (req as unknown as { header: Record<string, string | undefined> }).header.Authorization;
  if (auth) {
    const sub = (JSON.parse(Buffer.from(auth.split('.')[1] ?? '', 'base64url').toString()) as { sub: string }).sub;
    const user = await w.ctx.auth.getUser(sub);
    req.set('Authorization', `Bearer ${(await w.ctx.auth.login(user?.username ?? '', 'Passw0rd!')).token}`);
  }
  return req;
}

describeEachDialect('route × role matrix', (dialect) => {
  const world = useTestWorld(dialect);
  const users = {} as Record<Exclude<Who, 'public'>, TestUser>;
  let shared: Fixture;

  async function buildFixture(w: TestWorld): Promise<Fixture> {
    const t = await buildTender(w, users.owner);
    const draft = await buildTender(w, users.owner, { publish: false });
    await registerBidder(w, users.bidder, t.id);
    const doc = await w.http().post(`/api/tenders/${t.id}/documents`).set(...bearer(users.owner)).attach('file', Buffer.from('正文'), '招标文件.pdf');
    await w.http().post(`/api/tenders/${t.id}/clarifications`).set(...bearer(users.owner)).send({ title: '澄清', body: '内容', affectsBids: false });
    const notes = await w.http().get('/api/me/notifications').set(...bearer(users.bidder));
    const cert = await w.http().post('/api/certs').set(...bearer(users.bidder)).send({ csr: CSR });
    const keys = { certPem: cert.body.certificate as string, keyPem: BIDDER_KEY.keyPem, certificateId: cert.body.id as string };
    const submitted = await putBid(w, t.id, users.bidder, await sealedBidFor(w, t.id, keys));
    const root = await w.http().post('/api/admin/trusted-roots').set(...bearer(users.admin)).send({ name: '外部CA', certificate: foreignRoot() });
    return {
      tenderId: t.id,
      draftId: draft.id,
      docId: doc.body.document.id,
      userId: users.evaluator.id,
      notificationId: notes.body.items[0].id,
      certId: cert.body.id,
      rootId: root.body.id,
      sealedBid: await sealedBidFor(w, t.id, keys),
      receipt: submitted.body,
    };
  }

  beforeAll(async () => {
    const w = world();
    for (const who of WHO) {
      if (who !== 'public') {
        const role = who === 'owner' || who === 'otherAgency' ? 'agency' : who === 'otherBidder' ? 'bidder' : who;
        users[who] = await buildUser(w, role);
      }
    }
    shared = await buildFixture(w);
  });

  it('covers every route the app serves', () => {
    const served = apiRoutes(world().app).sort();
    expect(served.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !served.includes(r))).toEqual([]);
  });

  for (const [route, row] of Object.entries(MATRIX)) {
    it(`${route}: only ${row.allowed === 'all' || row.allowed === 'signed-in' ? row.allowed : row.allowed.join(', ')} get through`, async () => {
      const w = world();
      for (const who of WHO) {
        const f = row.fresh ? await buildFixture(w) : shared;
        const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string): Test => {
          const req = w.http()[method](path);
          return who === 'public' ? req : req.set(...bearer(users[who]));
        };
        const res = await row.send(w, f, call);
        const verdict = `${who} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
        if (isAllowed(row, who)) {
          expect({ who, ok: res.status < 300 || (row.alsoOk ?? []).includes(res.status), verdict }).toEqual({ who, ok: true, verdict });
        } else {
          const expected = who === 'public' ? [401, 404] : [403, 404];
          expect({ who, denied: expected.includes(res.status) && !!res.body?.error?.code, verdict }).toEqual({ who, denied: true, verdict });
        }
      }
    });
  }
});
