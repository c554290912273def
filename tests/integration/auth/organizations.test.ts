import { NAME_ISSUES } from '../../../server/auth';
import { createLogger } from '../../../server/logger';
import { createOpeningScheduler } from '../../../server/opening';
import { enrollBidder, putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, creditCode, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Issue 13, findings 4 and 12: one organization, one bidder. Self-registration with an existing
 * company's name and 统一社会信用代码 no longer yields an active account the CA certifies; the company's
 * accounts share one registration and one bid per tender, so three accounts of one company cannot make
 * a tender that should fail (流标, fewer than 3 bidders) open. Names are normalized, unique, free of
 * control and bidirectional characters, and fit the certificate (64 characters).
 */
const silent = createLogger(process.env.TEST_LOG ?? 'silent');
const GRACE = 1000;
const PASSWORD = 'Sealed-bid-2026';

let n = 0;
const unique = (): string => `${process.pid}${(n += 1)}${Math.random().toString(36).slice(2, 6)}`;

describeEachDialect('one organization, one bidder (issue 13, 4 and 12)', (dialect) => {
  const world = useTestWorld(dialect);

  const signUp = (w: TestWorld, org: { name: string; creditCode: string }, displayName = '张工') =>
    w.http().post('/api/auth/register').send({ username: `org_${unique()}`, password: PASSWORD, displayName, organization: org });

  const signIn = (w: TestWorld, username: string) => w.http().post('/api/auth/login').send({ username, password: PASSWORD });

  /** An account signed up through the API and signed in. */
  async function member(w: TestWorld, org: { name: string; creditCode: string }): Promise<TestUser & { status: string }> {
    const reg = await signUp(w, org);
    expect(reg.status).toBe(201);
    const login = await signIn(w, reg.body.user.username);
    return { id: reg.body.user.id, username: reg.body.user.username, token: login.body.token, role: 'bidder', organizationId: reg.body.user.organization.id, organizationName: org.name, status: reg.body.user.status };
  }

  it('creates a second account of an existing organization pending: it cannot sign in nor be certified until the organization’s administrator approves it', async () => {
    const w = world();
    const org = { name: `常州第${unique()}建设有限公司`, creditCode: creditCode() };
    const first = await member(w, org);
    expect(first.status).toBe('active');

    const second = await signUp(w, org);
    expect(second.status).toBe(201);
    expect(second.body.user).toMatchObject({ status: 'pending', organization: { id: first.organizationId, name: org.name, creditCode: org.creditCode } });
    const refused = await signIn(w, second.body.user.username);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_PENDING');
    // The CA refuses a pending account even if it reached the service.
    const pending = { id: second.body.user.id, role: 'bidder' as const, username: second.body.user.username, displayName: '张工', organizationId: first.organizationId };
    await expect(w.ctx.pki.enroll(pending, makeCsr().csrPem)).rejects.toMatchObject({ code: 'ACCOUNT_PENDING' });
    expect(await w.ctx.db('certificates').where({ user_id: second.body.user.id }).first()).toBeUndefined();

    // Only the organization's administrator (its first account) sees and approves its members.
    const members = await w.http().get('/api/org/members').set(...bearer(first));
    expect(members.status).toBe(200);
    expect(members.body.organization).toEqual({ id: first.organizationId, name: org.name, creditCode: org.creditCode });
    expect(members.body.items.map((m: { id: string; status: string; administrator: boolean }) => [m.id, m.status, m.administrator])).toEqual([
      [first.id, 'active', true],
      [second.body.user.id, 'pending', false],
    ]);
    const stranger = await buildUser(w, 'bidder');
    expect((await w.http().post(`/api/org/members/${second.body.user.id}/approve`).set(...bearer(stranger))).status).toBe(404);
    const approved = await w.http().post(`/api/org/members/${second.body.user.id}/approve`).set(...bearer(first));
    expect(approved.status).toBe(200);
    expect(approved.body.member).toMatchObject({ id: second.body.user.id, status: 'active', administrator: false });

    const login = await signIn(w, second.body.user.username);
    expect(login.status).toBe(200);
    const colleague: TestUser = { ...first, id: second.body.user.id, username: second.body.user.username, token: login.body.token };
    expect((await w.http().get('/api/org/members').set(...bearer(colleague))).status).toBe(403);
    const cert = await w.http().post('/api/certs').set(...bearer(colleague)).send({ csr: makeCsr().csrPem });
    expect(cert.status).toBe(201);
    expect(cert.body.subject).toContain(org.name);
    const actions = (await w.ctx.db('audit_events').whereIn('action', ['user.registered', 'user.approved']).select('action')).map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.registered', 'user.approved']));
  });

  it('lets the trading center approve a pending account (PATCH /api/admin/users/:id) and list the pending ones', async () => {
    const w = world();
    const admin = await buildUser(w, 'admin');
    const org = { name: `江苏${unique()}路桥工程有限公司`, creditCode: creditCode() };
    await member(w, org);
    const second = await signUp(w, org);
    const listed = await w.http().get('/api/admin/users?status=pending').set(...bearer(admin));
    expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(second.body.user.id);
    expect(listed.body.items.every((u: { status: string }) => u.status === 'pending')).toBe(true);
    const res = await w.http().patch(`/api/admin/users/${second.body.user.id}`).set(...bearer(admin)).send({ status: 'active' });
    expect(res.status).toBe(200);
    expect(res.body.user.status).toBe('active');
    expect((await signIn(w, second.body.user.username)).status).toBe(200);
  });

  it('counts bidders per organization: three accounts of one company get one registration and one bid, and the tender still fails (流标) with two companies', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const company = { name: `苏南${unique()}市政建设有限公司`, creditCode: creditCode() };
    const first = await member(w, company);
    const colleagues: TestUser[] = [];
    for (let i = 0; i < 2; i += 1) {
      const reg = await signUp(w, company);
      expect(reg.body.user.status).toBe('pending');
      // The company approves its own accounts: they may act for it, but it stays one bidder.
      expect((await w.http().post(`/api/org/members/${reg.body.user.id}/approve`).set(...bearer(first))).status).toBe(200);
      colleagues.push({ ...first, id: reg.body.user.id, username: reg.body.user.username, token: (await signIn(w, reg.body.user.username)).body.token });
    }
    expect((await w.http().post(`/api/tenders/${tender.id}/registrations`).set(...bearer(first))).status).toBe(201);
    for (const c of colleagues) {
      const again = await w.http().post(`/api/tenders/${tender.id}/registrations`).set(...bearer(c));
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('ORGANIZATION_ALREADY_REGISTERED');
    }
    const firstKeys = await enrollBidder(w, first);
    expect((await putBid(w, tender.id, first, await sealedBidFor(w, tender.id, firstKeys))).status).toBe(201);
    for (const c of colleagues) {
      const keys = await enrollBidder(w, c);
      const bid = await putBid(w, tender.id, c, await sealedBidFor(w, tender.id, keys, { price: '8000000.00' }));
      expect(bid.status).toBe(403);
      expect(bid.body.error.code).toBe('NOT_REGISTERED');
    }
    const other = await readyBidder(w, tender.id);
    expect((await putBid(w, tender.id, other, await sealedBidFor(w, tender.id, other))).status).toBe(201);
    const regs: { organization_id: string }[] = await w.ctx.db('registrations').where({ tender_id: tender.id });
    expect(regs.map((r) => r.organization_id).sort()).toEqual([first.organizationId, other.organizationId].sort());

    const deadline = Date.parse(tender.bidDeadline as string);
    w.clock.set(deadline + GRACE);
    const scheduler = createOpeningScheduler({ db: w.ctx.db, clock: w.ctx.clock, log: silent, audit: w.ctx.audit, bus: w.ctx.bus, onDeadline: w.ctx.opening.onDeadline, leaseTtlMs: 30_000 });
    expect(await scheduler.runDue()).toContain(tender.id);
    await scheduler.settled();
    const got = await w.http().get(`/api/tenders/${tender.id}`);
    expect(got.body).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('fewer than 3 bids') });
  });

  it('normalizes organization names and credit codes and keeps each unique', async () => {
    const w = world();
    const tag = unique();
    const code = creditCode();
    const fullWidthCode = [...code].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    const reg = await signUp(w, { name: `  常州ＡＢＣ${tag}建设\u3000\u3000有限公司 `, creditCode: ` ${fullWidthCode.toLowerCase()} ` }, ' 张\u00A0 工 ');
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ displayName: '张 工', organization: { name: `常州ABC${tag}建设 有限公司`, creditCode: code } });

    // The same name (up to width, spacing and case) under another credit code is refused.
    const twin = await signUp(w, { name: `常州abc${tag}建设 有限公司`, creditCode: creditCode() });
    expect(twin.status).toBe(400);
    expect(twin.body.error.code).toBe('VALIDATION');
    expect(twin.body.error.fields).toEqual([{ path: 'organization.name', message: NAME_ISSUES.organizationNameTaken }]);
    // The credit code under another name is refused.
    const renamed = await signUp(w, { name: `另一家${tag}有限公司`, creditCode: code });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.fields).toEqual([{ path: 'organization.name', message: NAME_ISSUES.creditCodeOtherName }]);
    expect(await w.ctx.db('organizations').where({ credit_code: code })).toHaveLength(1);
  });

  it('refuses control and bidirectional characters in organization and display names with VALIDATION', async () => {
    const w = world();
    for (const name of [`常州\u202E${unique()}司公限有`, `常州${unique()}\u2066建设有限公司`, `常州${unique()}\u0007有限公司`, `常州${unique()}\u200B有限公司`]) {
      const res = await signUp(w, { name, creditCode: creditCode() });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: 'organization.name', message: NAME_ISSUES.forbiddenCharacters }]);
    }
    const display = await signUp(w, { name: `常州${unique()}有限公司`, creditCode: creditCode() }, '张工\u200F');
    expect(display.status).toBe(400);
    expect(display.body.error.fields).toEqual([{ path: 'displayName', message: NAME_ISSUES.forbiddenCharacters }]);
  });

  it('holds organization and display names to the certificate’s 64 characters at registration, and enrollment never answers 500', async () => {
    const w = world();
    const admin = await buildUser(w, 'admin');
    const long = (k: number, tag: string) => `${tag}${'建'.repeat(k - tag.length)}`;
    const tooLongOrg = await signUp(w, { name: long(65, unique()), creditCode: creditCode() });
    expect(tooLongOrg.status).toBe(400);
    expect(tooLongOrg.body.error.fields).toEqual([{ path: 'organization.name', message: NAME_ISSUES.tooLongForCertificate }]);
    const tooLongName = await signUp(w, { name: `常州${unique()}有限公司`, creditCode: creditCode() }, '张'.repeat(65));
    expect(tooLongName.status).toBe(400);
    expect(tooLongName.body.error.fields).toEqual([{ path: 'displayName', message: NAME_ISSUES.tooLongForCertificate }]);
    const staff = await w.http().post('/api/admin/users').set(...bearer(admin))
      .send({ username: `staff_${unique()}`, password: PASSWORD, displayName: '监'.repeat(65), role: 'supervisor' });
    expect(staff.status).toBe(400);

    // 64 characters fit: registration and enrollment succeed.
    const fits = await member(w, { name: long(64, unique()), creditCode: creditCode() });
    expect((await w.http().post('/api/certs').set(...bearer(fits)).send({ csr: makeCsr().csrPem })).status).toBe(201);

    // An account named before the rule (written straight into the database) gets VALIDATION, not 500.
    const legacy = await buildUser(w, 'bidder');
    await w.ctx.db('users').where({ id: legacy.id }).update({ display_name: '张'.repeat(100) });
    const res = await w.http().post('/api/certs').set(...bearer(legacy)).send({ csr: makeCsr().csrPem });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'displayName', message: NAME_ISSUES.tooLongForCertificate }] });
  });
});
