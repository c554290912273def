import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { makeBidPackage, sealBid, signBid } from '../../../server/bids';
import { createDb, type Knex } from '../../../server/db';
import { dialects, freshDatabase, type DialectName } from '../../support/dialects';
import { listFiles } from '../../support/multipart';
import {
  ADMIN, api, createAccount, createBidder, killHard, publishTender, registerAndBid, serverEnv, startServer, waitFor, type Bidder, type Server,
} from '../../support/processes';

/**
 * Issue 7, point 6 (DESIGN §4: "a crash leaves no half bid behind"): kill -9 while two bidders are
 * streaming large sealed bids, one of them replacing an accepted bid. After a restart there is no
 * new bid row, no receipt, no half file in the blob store's temp folder, and the earlier accepted
 * version is intact and still the bid in force. A real server process on each database.
 */

const BIG = 6 * 1024 * 1024;

type Row = Record<string, unknown>;

/** A real sealed bid of about `bytes` bytes for the tender (bid.json plus an incompressible document). */
function bigSealedBid(openingCert: string, tenderId: string, bidder: Bidder, bytes: number): Buffer {
  const zip = makeBidPackage({ bidJson: { tenderId, price: '9000000.00', durationDays: 180 }, files: [{ name: '附件.bin', data: randomBytes(bytes) }] });
  return sealBid(signBid(zip, bidder.certPem, bidder.keyPem, new Date()), [openingCert, bidder.certPem]);
}

/** Starts a PUT of the sealed bid and writes only its first half; the request stays open. */
function startHalfUpload(s: Server, tenderId: string, bidder: Bidder, sealed: Buffer): http.ClientRequest {
  const url = new URL(`${s.url}/api/tenders/${tenderId}/bid`);
  const req = http.request({
    host: url.hostname, port: url.port, path: url.pathname, method: 'PUT',
    headers: { 'content-type': 'application/pkcs7-mime', 'content-length': sealed.length, authorization: `Bearer ${bidder.token}` },
  });
  req.on('error', () => undefined); // the server dies under it
  req.write(sealed.subarray(0, sealed.length >> 1));
  return req;
}

for (const dialect of dialects()) {
  describe(`kill -9 in the middle of sealed-bid uploads, then restart [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let db: Knex;
    const servers: Server[] = [];

    beforeAll(async () => {
      database = await freshDatabase(dialect as DialectName);
      db = createDb(dialect === 'mysql' ? { client: 'mysql', url: database.url } : { client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });
    });

    afterAll(async () => {
      await Promise.all(servers.map(killHard));
      await db?.destroy();
      await database?.drop();
    });

    const blobsDir = (): string => path.join(database.dataDir, 'blobs');
    const tempFiles = (): string[] => listFiles(path.join(blobsDir(), 'tmp'));
    const namedBlobKeys = async (): Promise<Set<string>> => {
      const keys = new Set<string>();
      for (const [table, column] of [['tender_documents', 'blob_key'], ['bid_versions', 'blob_key'], ['records', 'blob_key'], ['record_signings', 'prepared_blob_key']]) {
        if (await db.schema.hasTable(table)) {
          for (const r of (await db(table).whereNotNull(column).select(column)) as Row[]) {
            keys.add(r[column] as string);
          }
        }
      }
      return keys;
    };

    it('leaves no half bid, no receipt and no temp file, and keeps the earlier accepted version in force', async () => {
      const env = serverEnv(database);
      const first = await startServer(`${dialect} server`, env);
      servers.push(first);
      const adminToken = (await api<{ token: string }>(first, 'POST', '/auth/login', ADMIN)).token;
      const agency = await createAccount(first, adminToken, 'agency', '断电上传代理');
      const replacing = await createBidder(first, adminToken, '断电替换投标建设');
      const newcomer = await createBidder(first, adminToken, '断电首投建设');
      const tender = await publishTender(first, agency.token, { inMs: 600_000, registrationMs: 300_000, title: '断电上传测试' });
      const accepted = await registerAndBid(first, tender.id, replacing, '8800000.00');
      await api(first, 'POST', `/tenders/${tender.id}/registrations`, undefined, newcomer.token);
      const before: Row = await db('bid_versions').where({ sha256: accepted.sha256 }).first();
      const bidsBefore: Row[] = await db('bids').where({ tender_id: tender.id });
      const acceptedBlob = path.join(blobsDir(), (before.blob_key as string).slice(-2), before.blob_key as string);
      expect(fs.statSync(acceptedBlob).size).toBe(accepted.size);

      const openingCert = await (await fetch(`${first.url}/api/tenders/${tender.id}/opening-certificate`)).text();
      const replacement = bigSealedBid(openingCert, tender.id, replacing, BIG);
      const fresh = bigSealedBid(openingCert, tender.id, newcomer, BIG);
      const uploads = [startHalfUpload(first, tender.id, replacing, replacement), startHalfUpload(first, tender.id, newcomer, fresh)];
      // Both half bids are on the server's disk, in its temp folder, when the kill lands.
      await waitFor('two half-written sealed bids in the temp folder', () => {
        const sizes = tempFiles().map((f) => fs.statSync(path.join(blobsDir(), 'tmp', f)).size);
        return sizes.length === 2 && sizes.every((n) => n >= BIG / 4) ? sizes : undefined;
      }, { timeoutMs: 30_000, servers });
      await killHard(first);
      uploads.forEach((u) => u.destroy());
      expect(tempFiles()).toHaveLength(2);

      const restarted = await startServer(`${dialect} server (restarted)`, env);
      servers.push(restarted);
      // The restarted process removed the dead one's half files; every blob left is named by a row.
      expect(tempFiles()).toEqual([]);
      const named = await namedBlobKeys();
      const onDisk = listFiles(blobsDir()).filter((f) => !f.startsWith('tmp')).map((f) => path.basename(f));
      expect(onDisk.filter((k) => !named.has(k))).toEqual([]);

      // No row, no receipt for the interrupted uploads: the earlier version is still the bid in force.
      expect(await db('bids').where({ tender_id: tender.id })).toEqual(bidsBefore);
      const versions: Row[] = await db('bid_versions').whereIn('bid_id', bidsBefore.map((b) => b.id as string));
      expect(versions).toEqual([before]);
      expect(fs.statSync(acceptedBlob).size).toBe(accepted.size);
      const own = await api<{ bid: { version: number; receipt: { sha256: string } } }>(restarted, 'GET', `/tenders/${tender.id}/bid`, undefined, replacing.token);
      expect(own.bid).toMatchObject({ version: 1, status: 'submitted', receipt: { sha256: accepted.sha256 } });
      expect(await api(restarted, 'GET', `/tenders/${tender.id}/bid`, undefined, newcomer.token)).toEqual({ bid: null });
      const actions = ((await db('audit_events').where({ tender_id: tender.id }).orderBy('seq').select('action')) as Row[]).map((r) => r.action);
      expect(actions.filter((a) => a === 'bid.submitted' || a === 'bid.replaced')).toEqual(['bid.submitted']);

      // And the replacement goes through once sent again, whole.
      const res = await fetch(`${restarted.url}/api/tenders/${tender.id}/bid`, {
        method: 'PUT', headers: { 'content-type': 'application/pkcs7-mime', authorization: `Bearer ${replacing.token}` }, body: new Uint8Array(replacement),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { receipt: { version: number; size: number } }).receipt).toMatchObject({ version: 2, size: replacement.length });
      expect(tempFiles()).toEqual([]);
      expect(await api(restarted, 'GET', '/audit/verify', undefined, adminToken)).toMatchObject({ valid: true });
    }, 120_000);
  });
}
