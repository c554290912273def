import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, registerBidder, type TestUser } from '../../support/factories';
import { MULTIPART_TYPE, listFiles, multipartBody, type Part } from '../../support/multipart';
import { useTestWorld, type TestWorld } from '../../support/test-app';

const LIMIT = 4096;

describeEachDialect('tender documents (招标文件)', (dialect) => {
  const world = useTestWorld(dialect, { MAX_DOCUMENT_BYTES: String(LIMIT) });

  const blobsDir = (w: TestWorld): string => path.join(w.config.dataDir, 'blobs');
  const upload = (w: TestWorld, u: TestUser | null, tenderId: string, parts: Part[]) => {
    const req = w.http().post(`/api/tenders/${tenderId}/documents`).set('Content-Type', MULTIPART_TYPE);
    return (u ? req.set(...bearer(u)) : req).send(multipartBody(parts));
  };
  const file = (filename: string, content: Buffer | string): Part => ({ name: 'file', filename, content: Buffer.from(content) });
  const rowsOf = (w: TestWorld, tenderId: string) => w.ctx.db('tender_documents').where({ tender_id: tenderId });

  it('uploads a document with a Chinese name, records its SHA-256 and size, audits it and serves it back as an attachment', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency, { publish: false });
    const content = Buffer.from('%PDF-1.7 招标文件正文 '.repeat(20));

    const res = await upload(w, agency, tender.id, [file('第一册 招标文件.pdf', content)]);
    expect(res.status).toBe(201);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(res.body.document).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      name: '第一册 招标文件.pdf',
      version: 1,
      sha256,
      size: content.length,
      contentType: 'application/pdf',
      uploadedAt: w.clock.now().toISOString(),
      replacesId: null,
      current: true,
    });
    const row = await rowsOf(w, tender.id).first();
    expect(row.sha256).toBe(sha256);
    expect(await w.ctx.storage.readBuffer(row.blob_key)).toEqual(content);

    const audit = await w.http().get(`/api/tenders/${tender.id}/audit`).set(...bearer(agency));
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'document.uploaded', actorId: agency.id })]));

    const got = await w.http().get(`/api/tenders/${tender.id}/documents/${res.body.document.id}`).set(...bearer(agency)).buffer(true).parse(binary);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(content);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('第一册 招标文件.pdf')}`);
  });

  it('stores a new version through replaces, marks only the latest as current, and refuses to replace a superseded version', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const v1 = (await upload(w, agency, tender.id, [file('图纸.zip', 'v1')])).body.document;
    const v2res = await upload(w, agency, tender.id, [file('图纸（修订）.zip', 'v2'), { name: 'replaces', value: v1.id }]);
    expect(v2res.status).toBe(201);
    expect(v2res.body.document).toMatchObject({ version: 2, replacesId: v1.id, current: true });
    // replaces may also come after the file part.
    const v3res = await upload(w, agency, tender.id, [{ name: 'replaces', value: v2res.body.document.id }, file('图纸v3.zip', 'v3')]);
    expect(v3res.body.document).toMatchObject({ version: 3, current: true });

    const stale = await upload(w, agency, tender.id, [file('图纸.zip', 'v2 again'), { name: 'replaces', value: v1.id }]);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('INVALID_STATE');

    const list = await w.http().get(`/api/tenders/${tender.id}/documents`).set(...bearer(agency));
    expect(list.body.items.map((d: { version: number; current: boolean }) => [d.version, d.current])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(await rowsOf(w, tender.id)).toHaveLength(3);
    expect(listFiles(blobsDir(w)).filter((f) => !f.startsWith('tmp'))).toHaveLength(
      (await w.ctx.db('tender_documents')).length,
    );
  });

  it('refuses a file over MAX_DOCUMENT_BYTES with 413 DOCUMENT_TOO_LARGE and leaves no row and no blob, not even in tmp', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const before = listFiles(blobsDir(w));

    const exact = await upload(w, agency, tender.id, [file('exact.pdf', Buffer.alloc(LIMIT, 1))]);
    expect(exact.status).toBe(201);
    const afterExact = listFiles(blobsDir(w));

    const res = await upload(w, agency, tender.id, [file('big.pdf', Buffer.alloc(LIMIT + 1, 1))]);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('DOCUMENT_TOO_LARGE');
    expect(await rowsOf(w, tender.id)).toHaveLength(1);
    expect(afterExact).toHaveLength(before.length + 1);
    expect(listFiles(blobsDir(w))).toEqual(afterExact);
    expect(listFiles(path.join(blobsDir(w), 'tmp'))).toEqual([]);

    const huge = await upload(w, agency, tender.id, [file('huge.pdf', Buffer.alloc(LIMIT * 50, 2))]);
    expect(huge.status).toBe(413);
    expect(listFiles(blobsDir(w))).toEqual(afterExact);
  });

  it('stores traversal, control-character, empty and overlong file names safely, keeping Chinese', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency, { publish: false });
    const nameOf = async (filename: string): Promise<string> => {
      // filename* (RFC 5987) carries what a quoted header value cannot: control characters.
      const res = await upload(w, agency, tender.id, [{ ...file(filename, 'x'), rfc5987: true }]);
      expect([res.status, res.body.error]).toEqual([201, undefined]);
      return res.body.document.name;
    };
    expect(await nameOf('../../../etc/passwd')).toBe('passwd');
    expect(await nameOf('..\\..\\windows\\system.ini')).toBe('system.ini');
    expect(await nameOf('../..')).toBe('document');
    expect(await nameOf('报价\u0007清单\u202e.xlsx')).toBe('报价清单.xlsx');
    expect(await nameOf('a<b>:c|d?.pdf')).toBe('a_b__c_d_.pdf');
    expect(await nameOf('...')).toBe('document');
    expect(await nameOf('.env')).toBe('env');
    const long = await nameOf(`${'招'.repeat(300)}.pdf`);
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);

    const names: string[] = (await rowsOf(w, tender.id)).map((r: { name: string }) => r.name);
    for (const n of names) {
      expect(n).not.toMatch(/[/\\\u0000-\u001f]|^\./);
    }
    // Blobs are named by their key only: no uploaded name appears as a file anywhere.
    const onDisk = listFiles(w.config.dataDir).map((f) => path.basename(f));
    for (const n of [...names, 'passwd', 'system.ini']) {
      expect(onDisk).not.toContain(n);
    }
    expect(listFiles(path.join(blobsDir(w), 'tmp'))).toEqual([]);
  });

  it('lets only the owner agency upload, only to a draft or before bidDeadline, and leaves no blob when it refuses', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const other = await buildUser(w, 'agency');
    const bidder = await buildUser(w, 'bidder');
    const tender = await buildTender(w, owner);
    const before = listFiles(blobsDir(w));

    const byOther = await upload(w, other, tender.id, [file('x.pdf', 'x')]);
    expect(byOther.status).toBe(403);
    expect((await upload(w, bidder, tender.id, [file('x.pdf', 'x')])).status).toBe(403);
    expect((await upload(w, null, tender.id, [file('x.pdf', 'x')])).status).toBe(401);

    const unknownReplaces = await upload(w, owner, tender.id, [file('x.pdf', 'x'), { name: 'replaces', value: '01J00000000000000000000000' }]);
    expect(unknownReplaces.status).toBe(400);
    expect(unknownReplaces.body.error.fields).toEqual([{ path: 'replaces', message: 'no such document' }]);
    const noFile = await upload(w, owner, tender.id, [{ name: 'note', value: 'x' }]);
    expect(noFile.status).toBe(400);
    const json = await w.http().post(`/api/tenders/${tender.id}/documents`).set(...bearer(owner)).send({ file: 'x' });
    expect(json.status).toBe(415);

    w.clock.set(Date.parse(tender.bidDeadline as string));
    const late = await upload(w, owner, tender.id, [file('x.pdf', 'x')]);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_STATE');

    expect(await rowsOf(w, tender.id)).toHaveLength(0);
    expect(listFiles(blobsDir(w))).toEqual(before);
  });

  it('leaves no row and no blob when the client aborts mid-upload', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const before = listFiles(blobsDir(w));
    const server = w.app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const body = multipartBody([file('aborted.pdf', Buffer.alloc(3000, 7))]);
      await new Promise<void>((resolve) => {
        const req = http.request({
          port,
          method: 'POST',
          path: `/api/tenders/${tender.id}/documents`,
          headers: { 'Content-Type': MULTIPART_TYPE, 'Content-Length': body.length, Authorization: `Bearer ${agency.token}` },
        });
        req.on('error', () => resolve());
        req.write(body.subarray(0, 1500), () => setTimeout(() => req.destroy(), 50));
      });
      await eventually(() => listFiles(path.join(blobsDir(w), 'tmp')).length === 0);
      expect(listFiles(blobsDir(w))).toEqual(before);
      expect(await rowsOf(w, tender.id)).toHaveLength(0);
    } finally {
      server.close();
    }
  });

  it('shows documents to the owner, supervisors, admins and registered bidders, and to everyone when documentsPublic', async () => {
    const w = world();
    const owner = await buildUser(w, 'agency');
    const other = await buildUser(w, 'agency');
    const supervisor = await buildUser(w, 'supervisor');
    const admin = await buildUser(w, 'admin');
    const registered = await buildUser(w, 'bidder');
    const stranger = await buildUser(w, 'bidder');
    const tender = await buildTender(w, owner);
    const doc = (await upload(w, owner, tender.id, [file('招标文件.pdf', 'content')])).body.document;
    await registerBidder(w, registered, tender.id);

    const list = (u: TestUser | null) => {
      const req = w.http().get(`/api/tenders/${tender.id}/documents`);
      return u ? req.set(...bearer(u)) : req;
    };
    for (const u of [owner, supervisor, admin, registered]) {
      expect((await list(u)).body.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    }
    const notRegistered = await list(stranger);
    expect(notRegistered.status).toBe(403);
    expect(notRegistered.body.error.code).toBe('NOT_REGISTERED');
    expect((await list(other)).status).toBe(403);
    expect((await list(null)).status).toBe(401);
    const download = await w.http().get(`/api/tenders/${tender.id}/documents/${doc.id}`).set(...bearer(stranger));
    expect(download.status).toBe(403);
    const ok = await w.http().get(`/api/tenders/${tender.id}/documents/${doc.id}`).set(...bearer(registered)).buffer(true).parse(binary);
    expect(ok.body.toString()).toBe('content');

    const open = await buildTender(w, owner, { body: { documentsPublic: true } });
    const publicDoc = (await upload(w, owner, open.id, [file('公告附件.pdf', 'public')])).body.document;
    expect((await w.http().get(`/api/tenders/${open.id}/documents`)).body.items).toHaveLength(1);
    const anon = await w.http().get(`/api/tenders/${open.id}/documents/${publicDoc.id}`).buffer(true).parse(binary);
    expect(anon.status).toBe(200);
    expect(anon.body.toString()).toBe('public');

    const draft = await buildTender(w, owner, { publish: false });
    expect((await w.http().get(`/api/tenders/${draft.id}/documents`).set(...bearer(supervisor))).status).toBe(404);
  });
});

/** superagent parser that keeps the body as a Buffer. */
function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Waits for server-side cleanup that follows a dropped connection (bounded: 2 s). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
}
