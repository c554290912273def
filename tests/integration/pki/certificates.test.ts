import fs from 'node:fs';
import forge from 'node-forge';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { makeCsr } from '../../support/keys';
import { FIXTURE_CA, useTestWorld } from '../../support/test-app';

const attr = (cert: forge.pki.Certificate, type: string) => cert.subject.attributes.find((a) => a.type === type)?.value;

describeEachDialect('certificates, trusted roots and opening keys', (dialect) => {
  const world = useTestWorld(dialect);
  let bidder: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    bidder = await buildUser(world(), 'bidder');
    admin = await buildUser(world(), 'admin');
  });

  it('serves the platform CA and the trusted roots to anyone', async () => {
    const res = await world().http().get('/api/ca');
    expect(res.status).toBe(200);
    expect(res.body.certificate).toBe(fs.readFileSync(FIXTURE_CA.cert, 'utf8'));
    expect(res.body.trustedRoots).toEqual([]);
  });

  it('issues a certificate whose subject comes from the account, not from the CSR’s claims', async () => {
    const w = world();
    const { csrPem } = makeCsr({ cn: '冒名顶替', o: '别人的公司' });
    const res = await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: csrPem });
    expect(res.status).toBe(201);
    const cert = forge.pki.certificateFromPem(res.body.certificate);
    expect(forge.util.decodeUtf8(attr(cert, forge.pki.oids.organizationName) as string)).toBe(bidder.organizationName);
    expect(JSON.stringify(cert.subject.attributes)).not.toContain(forge.util.encodeUtf8('冒名顶替'));
    expect(cert.validity.notAfter.getTime() - cert.validity.notBefore.getTime()).toBeLessThanOrEqual(730 * 86400 * 1000);
    expect(res.body.chain).toEqual([fs.readFileSync(FIXTURE_CA.cert, 'utf8')]);
    const mine = await w.http().get('/api/certs').set(...bearer(bidder));
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
  });

  it('refuses a 1024-bit key and a CSR not signed by its key, and stores nothing', async () => {
    const w = world();
    const before = (await w.ctx.db('certificates').count({ c: '*' }))[0]?.c;
    const weak = await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: makeCsr({}, 1024).csrPem });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('CSR_INVALID');
    const { csrPem } = makeCsr();
    const tampered = csrPem.replace(/(\n[A-Za-z0-9+/]{20})[A-Za-z0-9+/]/, (m, p: string) => `${p}${m.endsWith('A') ? 'B' : 'A'}`);
    expect((await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: tampered })).status).toBe(400);
    expect((await w.ctx.db('certificates').count({ c: '*' }))[0]?.c).toEqual(before);
  });

  it('lets the holder revoke; a revoked certificate fails the check from then on', async () => {
    const w = world();
    const issued = await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: makeCsr().csrPem });
    expect(await w.ctx.pki.checkCertificate(issued.body.certificate, w.clock.now())).toEqual({ valid: true });
    const other = await buildUser(w, 'bidder');
    expect((await w.http().post(`/api/certs/${issued.body.id}/revoke`).set(...bearer(other)).send({ reason: '他人撤销' })).status).toBe(404);
    const revoked = await w.http().post(`/api/certs/${issued.body.id}/revoke`).set(...bearer(bidder)).send({ reason: '密钥遗失' });
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: '密钥遗失' });
    expect(await w.ctx.pki.checkCertificate(issued.body.certificate, w.clock.now())).toMatchObject({ valid: false, code: 'CERTIFICATE_REVOKED' });
    expect((await w.ctx.pki.currentCertificate(bidder.id, w.clock.now().getTime()))?.id).not.toBe(issued.body.id);
  });

  it('refuses a certificate one second past its notAfter (inclusive to the second, RFC 5280)', async () => {
    const w = world();
    const issued = await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: makeCsr().csrPem });
    const later = new Date(Date.parse(issued.body.notAfter) + 1000);
    expect(await w.ctx.pki.checkCertificate(issued.body.certificate, new Date(Date.parse(issued.body.notAfter)))).toEqual({ valid: true });
    expect(await w.ctx.pki.checkCertificate(issued.body.certificate, later)).toMatchObject({ valid: false, code: 'CERTIFICATE_INVALID' });
  });

  it('lets an admin trust another CA’s root (CA 互认) and remove it again', async () => {
    const w = world();
    const other = (await import('../../../server/pki')).createCa({ commonName: '某省数字证书认证中心', now: w.clock.now() });
    const added = await w.http().post('/api/admin/trusted-roots').set(...bearer(admin)).send({ name: '某省CA', certificate: other.certPem });
    expect(added.status).toBe(201);
    expect((await w.ctx.pki.trustedRootsPem()).length).toBe(2);
    expect((await w.http().post('/api/admin/trusted-roots').set(...bearer(bidder)).send({ name: 'x', certificate: other.certPem })).status).toBe(403);
    const leaf = await w.http().post('/api/admin/trusted-roots').set(...bearer(admin)).send({ name: '非根证书', certificate: (await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: makeCsr().csrPem })).body.certificate });
    expect(leaf.body.error.code).toBe('CERTIFICATE_INVALID');
    expect((await w.http().delete(`/api/admin/trusted-roots/${added.body.id}`).set(...bearer(admin))).status).toBe(204);
    expect((await w.ctx.pki.trustedRootsPem()).length).toBe(1);
  });

  it('makes an opening certificate naming the tender at publication; its key is stored only encrypted and refused before bidDeadline', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const pem = await w.http().get(`/api/tenders/${t.id}/opening-certificate`);
    expect(pem.status).toBe(200);
    const cert = forge.pki.certificateFromPem(pem.text);
    expect(JSON.stringify(cert.subject.attributes)).toContain(t.id);
    const row = await w.ctx.db('opening_keys').where({ tender_id: t.id }).first();
    expect(row.encrypted_key).not.toMatch(/BEGIN|PRIVATE/);
    expect(Buffer.from(row.encrypted_key, 'base64').toString('latin1')).not.toContain('PRIVATE KEY');

    const tender = { id: t.id, bidDeadline: Date.parse(t.bidDeadline as string) };
    w.clock.set(tender.bidDeadline - 1);
    await expect(w.ctx.pki.openingPrivateKeyPem(tender)).rejects.toMatchObject({ code: 'KEY_NOT_YET_USABLE' });
    w.clock.set(tender.bidDeadline);
    await expect(w.ctx.pki.openingPrivateKeyPem(tender)).resolves.toContain('PRIVATE KEY');
  });

  it('has no opening certificate for a draft, and shows none to the public', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const draft = await buildTender(w, agency, { publish: false });
    expect((await w.http().get(`/api/tenders/${draft.id}/opening-certificate`)).status).toBe(404);
    expect((await w.http().get(`/api/tenders/${draft.id}/opening-certificate`).set(...bearer(agency))).status).toBe(404);
  });
});

describeEachDialect('certificates of another trusted CA (CA 互认)', (dialect) => {
  const world = useTestWorld(dialect);

  it('lets a bidder register a certificate another CA issued to its organization once an admin trusts that CA, and then bid with it', async () => {
    const w = world();
    const { createCa, issueCertificate } = await import('../../../server/pki');
    const { putBid, sealedBidFor } = await import('../../support/bids');
    const { registerBidder } = await import('../../support/factories');
    const provincial = createCa({ commonName: '某省数字证书认证中心', now: w.clock.now() });
    const bidder = await buildUser(w, 'bidder');
    const admin = await buildUser(w, 'admin');
    const creditCode = (await w.ctx.auth.getUser(bidder.id))?.creditCode as string;
    const { keyPem, csrPem } = makeCsr();
    const issue = (code: string) =>
      issueCertificate({ ca: provincial, csrPem, subject: { organization: bidder.organizationName as string, creditCode: code, commonName: '张工' }, validityDays: 365, now: w.clock.now() }).certPem;

    const untrusted = await w.http().post('/api/certs/import').set(...bearer(bidder)).send({ certificate: issue(creditCode) });
    expect(untrusted.status).toBe(400);
    expect(untrusted.body.error.code).toBe('CERTIFICATE_INVALID');

    await w.http().post('/api/admin/trusted-roots').set(...bearer(admin)).send({ name: '某省CA', certificate: provincial.certPem }).expect(201);
    const otherOrg = await w.http().post('/api/certs/import').set(...bearer(bidder)).send({ certificate: issue('91350100M000100Y43') });
    expect(otherOrg.status).toBe(400);
    expect(otherOrg.body.error.message).toContain('统一社会信用代码');

    const certPem = issue(creditCode);
    const imported = await w.http().post('/api/certs/import').set(...bearer(bidder)).send({ certificate: certPem });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ status: 'valid', issuedByPlatform: false, chain: [] });

    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    await registerBidder(w, bidder, t.id);
    const sealed = await sealedBidFor(w, t.id, { certPem, keyPem, certificateId: imported.body.id });
    expect((await putBid(w, t.id, bidder, sealed)).status).toBe(201);
  });
});
