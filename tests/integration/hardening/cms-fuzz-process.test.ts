import net from 'node:net';
import { makeBidPackage, sealBid, signBid } from '../../../server/bids';
import { createDb, type Knex } from '../../../server/db';
import { dialects, freshDatabase, type DialectName } from '../../support/dialects';
import {
  ADMIN, api, createAccount, createBidder, killHard, outputOf, publishTender, serverEnv, startServer, type Server,
} from '../../support/processes';
import { expectedVerdict, fuzzSeed, inParallel, mutate, prng } from './fuzz-inputs';

/**
 * Issue 7, point 6: a batch of malformed sealed bids against a real server process (not supertest),
 * with the requests a fuzzer of bytes cannot make through fetch: a Content-Length far over the limit,
 * a body shorter than its Content-Length, a connection dropped mid-body. The process stays up and
 * healthy, every answer is a 4xx of the contract (or the 201 the header parser predicts), and the bid
 * versions are exactly the accepted ones. The seed is printed; FUZZ_SEED=<seed> replays it.
 */

const MUTANTS = 300;
const SEED = fuzzSeed();

type Row = Record<string, unknown>;

/** Sends raw HTTP/1.1 bytes and returns what came back before the server closed (or `waitMs` passed). */
function rawHttp(s: Server, head: string, body: Buffer, opts: { waitMs: number; destroyAfterWrite?: boolean }): Promise<string> {
  const { hostname, port } = new URL(s.url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(head);
      socket.write(body, () => {
        if (opts.destroyAfterWrite) {
          socket.destroy();
          resolve('');
        }
      });
    });
    const timer = setTimeout(() => socket.destroy(), opts.waitMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('close', done);
    socket.on('error', done);
  });
}

console.log(`cms-fuzz-process seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

for (const dialect of dialects()) {
  describe(`malformed sealed bids against a real server process [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let db: Knex;
    let server: Server;

    beforeAll(async () => {
      database = await freshDatabase(dialect as DialectName);
      db = createDb(dialect === 'mysql' ? { client: 'mysql', url: database.url } : { client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });
      server = await startServer(`${dialect} server`, serverEnv(database, { MAX_BID_BYTES: String(1024 * 1024) }));
    }, 60_000);

    afterAll(async () => {
      await killHard(server);
      await db?.destroy();
      await database?.drop();
    });

    it(`survives ${MUTANTS} malformed bids, a lying Content-Length and dropped connections, answering each with a 4xx of the contract`, async () => {
      const adminToken = (await api<{ token: string }>(server, 'POST', '/auth/login', ADMIN)).token;
      const agency = await createAccount(server, adminToken, 'agency', '模糊测试代理');
      const bidder = await createBidder(server, adminToken, '模糊测试投标建设');
      const tender = await publishTender(server, agency.token, { inMs: 600_000, registrationMs: 300_000, title: '模糊测试' });
      await api(server, 'POST', `/tenders/${tender.id}/registrations`, undefined, bidder.token);
      const openingCert = await (await fetch(`${server.url}/api/tenders/${tender.id}/opening-certificate`)).text();
      const zip = makeBidPackage({ bidJson: { tenderId: tender.id, price: '9000000.00', durationDays: 180 }, files: [{ name: '技术标.txt', data: Buffer.from('施工组织设计') }] });
      const valid = sealBid(signBid(zip, bidder.certPem, bidder.keyPem, new Date()), [openingCert, bidder.certPem]);

      const rnd = prng(SEED);
      const failures: string[] = [];
      let accepted = 0;
      await inParallel(4, Array.from({ length: MUTANTS }, () => mutate(valid, rnd)), async ({ kind, body }, i) => {
        const expected = expectedVerdict(body, openingCert);
        const res = await fetch(`${server.url}/api/tenders/${tender.id}/bid`, {
          method: 'PUT', headers: { 'content-type': 'application/pkcs7-mime', authorization: `Bearer ${bidder.token}` }, body: new Uint8Array(body),
        });
        const json = (await res.json().catch(() => ({}))) as { error?: { code?: unknown; message?: unknown } };
        const got = res.status === 201 ? 'ACCEPT' : res.status < 500 && typeof json.error?.message === 'string' ? String(json.error?.code) : `HTTP ${res.status}`;
        accepted += got === 'ACCEPT' ? 1 : 0;
        if (got !== expected) {
          failures.push(`#${i} ${kind}: expected ${expected}, got ${got}`);
        }
      });
      expect(failures.slice(0, 20)).toEqual([]);

      const path = `/api/tenders/${tender.id}/bid`;
      const head = (length: number): string =>
        `PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${bidder.token}\r\nContent-Type: application/pkcs7-mime\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
      // A declared length over MAX_BID_BYTES is refused before the body is read.
      const huge = await rawHttp(server, head(10 ** 12), valid.subarray(0, 100), { waitMs: 10_000 });
      expect(huge).toMatch(/^HTTP\/1\.1 413 /);
      expect(huge).toContain('"code":"BID_TOO_LARGE"');
      // Bodies shorter than declared, then dropped; and dropped right after the headers.
      await Promise.all([
        rawHttp(server, head(valid.length), valid.subarray(0, valid.length >> 1), { waitMs: 500, destroyAfterWrite: true }),
        rawHttp(server, head(valid.length), Buffer.alloc(0), { waitMs: 500, destroyAfterWrite: true }),
        rawHttp(server, head(valid.length + 10), valid, { waitMs: 1000 }),
      ]);

      // Still alive and healthy; exactly the accepted bodies became versions.
      expect([server.child.exitCode, server.child.signalCode]).toEqual([null, null]);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      const versions = Number(((await db('bid_versions').count({ n: '*' }).first()) as Row).n);
      expect(versions).toBe(accepted);
      expect(outputOf([server])).not.toMatch(/unhandled error|uncaught/i);
    }, 120_000);
  });
}
