import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { BODY_IDLE_TIMEOUT_MS } from '../../../server/http/timeouts';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser, type TestUser } from '../../support/factories';
import { MULTIPART_TYPE, listFiles, multipartBody, type Part } from '../../support/multipart';
import { useTestWorld, type TestWorld } from '../../support/test-app';

/**
 * Issue 7, point 6: hostile uploads. Odd file names (absolute paths, NUL, CR/LF, Windows device
 * names, bidi overrides, dots only, duplicates) are stored under safe names, never as paths, and come
 * back in a Content-Disposition that cannot carry a header; a stalled upload is cut off after
 * BODY_IDLE_TIMEOUT_MS, leaves no row, blob or temp file, and blocks nobody, while a slow upload that
 * keeps sending is not cut. (Oversized uploads: tests/integration/documents and bids/submission.)
 */

const file = (filename: string, content: Buffer | string, rfc5987 = true): Part => ({ name: 'file', filename, content: Buffer.from(content), rfc5987 });

describeEachDialect('hostile uploads', (dialect) => {
  const world = useTestWorld(dialect);
  const upload = (w: TestWorld, u: TestUser, tenderId: string, parts: Part[]) =>
    w.http().post(`/api/tenders/${tenderId}/documents`).set('Content-Type', MULTIPART_TYPE).set(...bearer(u)).send(multipartBody(parts));
  const blobsDir = (w: TestWorld): string => path.join(w.config.dataDir, 'blobs');
  const tempFiles = (w: TestWorld): string[] => listFiles(path.join(blobsDir(w), 'tmp'));
  const documentRows = (w: TestWorld, tenderId: string) => w.ctx.db('tender_documents').where({ tender_id: tenderId });

  it('stores odd file names safely, never as paths, and sends them back in a Content-Disposition that cannot inject a header', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency, { publish: false });
    const cases: [string, string][] = [
      ['/etc/passwd', 'passwd'],
      ['C:\\Windows\\win.ini', 'win.ini'],
      ['\\\\server\\share\\报价.xlsx', '报价.xlsx'],
      ['a\u0000b.pdf', 'ab.pdf'],
      ['x.pdf\r\nSet-Cookie: session=stolen', 'x.pdfSet-Cookie_ session=stolen'],
      ['CON', '_CON'],
      ['aux.txt', '_aux.txt'],
      ['....', 'document'],
      ['invoice\u202eexe.pdf', 'invoiceexe.pdf'],
      // As a browser sends it (quoted); the "/" in "</script>" makes everything before it a folder.
      ['<script>alert(1)</script>.pdf', 'script_.pdf'],
      ['<img src=x onerror=alert(1)>.pdf', '_img src=x onerror=alert(1)_.pdf'],
    ];
    const stored: { id: string; name: string }[] = [];
    for (const [raw, expected] of cases) {
      const res = await upload(w, agency, tender.id, [file(raw, `content of ${expected}`, !raw.startsWith('<'))]);
      expect([raw, res.status, res.body.document?.name ?? res.body]).toEqual([raw, 201, expected]);
      stored.push(res.body.document);
    }
    // The same name twice: two documents, two blobs.
    const one = await upload(w, agency, tender.id, [file('招标文件.pdf', 'first')]);
    const two = await upload(w, agency, tender.id, [file('招标文件.pdf', 'second')]);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.body.document.id).not.toBe(two.body.document.id);
    const rows: { blob_key: string; name: string }[] = await documentRows(w, tender.id);
    expect(new Set(rows.map((r) => r.blob_key)).size).toBe(rows.length);
    // Blobs are named by their key only.
    for (const f of listFiles(blobsDir(w))) {
      expect(path.basename(f)).toMatch(/^[0-9A-Z]{26}$/);
    }

    for (const doc of [...stored, one.body.document]) {
      const res = await w.http().get(`/api/tenders/${tender.id}/documents/${doc.id}`).set(...bearer(agency));
      expect(res.status).toBe(200);
      const disposition = res.headers['content-disposition'] as string;
      // RFC 6266: an ASCII fallback (a token, or quoted without quotes or backslashes), RFC 5987 filename* for the rest.
      expect(disposition).toMatch(/^attachment; filename=([!#$%&'*+.^_`|~0-9A-Za-z-]+|"[\x20-\x21\x23-\x5b\x5d-\x7e]*")(; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+)?$/);
      expect(res.headers['set-cookie']).toBeUndefined();
      const star = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1];
      expect(star ? decodeURIComponent(star) : /filename="?([^"]*)"?/.exec(disposition)?.[1]).toBe(doc.name);
    }
  });

  it('leaves an idle keep-alive connection to Node\'s keep-alive timeout after an upload, read or refused unread', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const stranger = await buildUser(w, 'bidder');
    const tender = await buildTender(w, agency);
    const server: Server = w.app.listen(0);
    const { port } = server.address() as AddressInfo;
    try {
      /** Sends one whole request on a keep-alive connection; resolves with the status and how long the idle connection stayed open after the answer. */
      const idleAfter = (head: string, body: Buffer): Promise<{ status: number; idleMs: number }> =>
        new Promise((resolve) => {
          let answeredAt = 0;
          let status = 0;
          const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from(head), body])));
          socket.on('data', (d: Buffer) => {
            status ||= Number(/^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 0);
            answeredAt = Date.now();
          });
          socket.on('error', () => undefined);
          // A connection the server never closes fails the bound below instead of hanging the suite.
          const guard = setTimeout(() => socket.destroy(), server.keepAliveTimeout + 10_000);
          socket.on('close', () => {
            clearTimeout(guard);
            resolve({ status, idleMs: Date.now() - answeredAt });
          });
        });
      const doc = multipartBody([file('kept-alive.pdf', Buffer.alloc(10_000, 3))]);
      const bid = Buffer.alloc(50_000, 4);
      const [read, unread] = await Promise.all([
        idleAfter(`POST /api/tenders/${tender.id}/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${agency.token}\r\nContent-Type: ${MULTIPART_TYPE}\r\nContent-Length: ${doc.length}\r\n\r\n`, doc),
        // Not registered: refused before the body is read.
        idleAfter(`PUT /api/tenders/${tender.id}/bid HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${stranger.token}\r\nContent-Type: application/pkcs7-mime\r\nContent-Length: ${bid.length}\r\n\r\n`, bid),
      ]);
      expect([read.status, unread.status]).toEqual([201, 403]);
      for (const { idleMs } of [read, unread]) {
        expect(idleMs).toBeGreaterThanOrEqual(server.keepAliveTimeout - 500);
        expect(idleMs).toBeLessThan(server.keepAliveTimeout + 5000);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);

  it('cuts off stalled document and bid uploads after the idle timeout, keeps nothing of them, and serves others meanwhile; a slow upload that keeps sending goes through', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency);
    const bidder = await readyBidder(w, tender.id);
    const sealed = await sealedBidFor(w, tender.id, bidder, { documentBytes: 64 * 1024 });
    const server: Server = w.app.listen(0);
    const { port } = server.address() as AddressInfo;
    try {
      /** Sends the head and the first part of a body, then nothing; resolves with when the server closed the connection. */
      const stall = (head: string, part: Buffer): Promise<number> =>
        new Promise((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from(head), part])));
          socket.on('error', () => undefined);
          socket.on('data', () => undefined);
          socket.on('close', () => resolve(Date.now()));
        });
      const docBody = multipartBody([file('stalled.pdf', Buffer.alloc(50_000, 1))]);
      const docHead = `POST /api/tenders/${tender.id}/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${agency.token}\r\nContent-Type: ${MULTIPART_TYPE}\r\nContent-Length: ${docBody.length}\r\n\r\n`;
      const bidHead = `PUT /api/tenders/${tender.id}/bid HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${bidder.token}\r\nContent-Type: application/pkcs7-mime\r\nContent-Length: ${sealed.length}\r\n\r\n`;
      const started = Date.now();
      const closed = [stall(docHead, docBody.subarray(0, 20_000)), stall(bidHead, sealed.subarray(0, sealed.length >> 1))];

      // A slow but live upload: one chunk every 2 s, longer in all than the idle timeout.
      const slowBody = multipartBody([file('slow.pdf', Buffer.alloc(20_000, 2))]);
      const n = Math.ceil((BODY_IDLE_TIMEOUT_MS + 6000) / 2000);
      const chunks = Array.from({ length: n }, (_v, i) => slowBody.subarray(Math.floor((i * slowBody.length) / n), Math.floor(((i + 1) * slowBody.length) / n)));
      const slow = new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        let answer = '';
        socket.on('data', (d: Buffer) => (answer += d.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => undefined);
        socket.write(`POST /api/tenders/${tender.id}/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${agency.token}\r\nContent-Type: ${MULTIPART_TYPE}\r\nContent-Length: ${slowBody.length}\r\nConnection: close\r\n\r\n`);
        chunks.forEach((c, i) => setTimeout(() => socket.write(c), 2000 * (i + 1)));
      });

      // While both stall, the server answers everyone else.
      await new Promise((r) => setTimeout(r, 1000));
      expect(tempFiles(w)).toHaveLength(2);
      const t0 = Date.now();
      expect((await w.http().get('/api/health')).status).toBe(200);
      expect((await upload(w, agency, tender.id, [file('meanwhile.pdf', 'x')])).status).toBe(201);
      expect(Date.now() - t0).toBeLessThan(BODY_IDLE_TIMEOUT_MS / 2);

      for (const at of await Promise.all(closed)) {
        expect(at - started).toBeGreaterThanOrEqual(BODY_IDLE_TIMEOUT_MS - 1000);
        expect(at - started).toBeLessThan(BODY_IDLE_TIMEOUT_MS + 20_000);
      }
      const answer = await slow;
      expect(answer).toMatch(/^HTTP\/1\.1 201 /);
      expect(Date.now() - started).toBeGreaterThan(BODY_IDLE_TIMEOUT_MS);

      // Nothing of the stalled uploads: no temp file, no bid, only the two documents that arrived whole.
      await new Promise((r) => setTimeout(r, 200));
      expect(tempFiles(w)).toEqual([]);
      expect(await w.ctx.db('bids').where({ tender_id: tender.id })).toEqual([]);
      const names = ((await documentRows(w, tender.id)) as { name: string }[]).map((r) => r.name).sort();
      expect(names).toEqual(['meanwhile.pdf', 'slow.pdf']);
      // And the bidder can still send the bid whole.
      expect((await putBid(w, tender.id, bidder, sealed)).status).toBe(201);
    } finally {
      server.close();
    }
  }, BODY_IDLE_TIMEOUT_MS + 60_000);
});
