import { signDigest } from '../../../server/records';
import { ERROR_CODES } from '../../../server/http/errors';
import { openingCertificateOf, putBid, readyBidder, sealedBidFor, type ReadyBidder } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser } from '../../support/factories';
import { platformSigner, T0 } from '../../support/records';
import { useTestWorld } from '../../support/test-app';
import { derHeaders, expectedVerdict, fuzzSeed, inParallel, mutate, prng } from './fuzz-inputs';

/**
 * Issue 7, point 6 (hardening): thousands of malformed CMS inputs derived from valid ones, through
 * HTTP, at the three endpoints that parse CMS from strangers: PUT /tenders/:id/bid (sealed bid,
 * AuthEnvelopedData), POST /receipts/verify (the receipt's SignedData) and POST /records/verify (a
 * PDF whose /Contents holds a CMS signature). Never a 5xx, always the contract's error shape with a
 * code of the contract, the same code the parser gives offline, and no bid row for a refused body.
 * The seed is printed; FUZZ_SEED=<seed> replays a run.
 */

const BIDS = 1200;
const RECEIPTS = 900;
const RECORDS = 900;
const SEED = fuzzSeed();
const KNOWN_CODES: readonly string[] = ERROR_CODES;

type Answer = { status: number; body: Record<string, unknown> };

/** The contract's error shape (DESIGN §9), with a code from ERROR_CODES. */
function errorCodeOf(a: Answer): string {
  const error = a.body.error as { code?: unknown; message?: unknown } | undefined;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || !KNOWN_CODES.includes(error.code)) {
    throw new Error(`not the contract's error shape: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
  }
  return error.code;
}

/** A minimal PDF with one signature dictionary whose /ByteRange frames /Contents <hex>. */
function pdfWithContents(hex: string): Buffer {
  const head = '%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 ';
  const pad = (n: number): string => String(n).padStart(10, '0');
  const placeholder = `${head}${pad(0)} ${pad(0)} ${pad(0)}] /Contents `;
  const b = placeholder.length;
  const c = b + hex.length + 2;
  const tail = ' >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  const d = tail.length;
  return Buffer.from(`${head}${pad(b)} ${pad(c)} ${pad(d)}] /Contents <${hex}>${tail}`, 'latin1');
}

console.log(`cms-fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

describeEachDialect('malformed CMS through HTTP (seeded fuzz)', (dialect) => {
  // 900 PDFs from one address: above the per-address verify limit (20 a minute), which verify-load.test.ts tests.
  const world = useTestWorld(dialect, { VERIFY_RATE_LIMIT: '100000' });
  let bidder: ReadyBidder;
  let tenderId: string;
  let openingCert: string;
  let valid: Buffer;
  let receipt: { receipt: Record<string, unknown>; signature: string };

  beforeAll(async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    tenderId = (await buildTender(w, agency)).id;
    bidder = await readyBidder(w, tenderId);
    openingCert = await openingCertificateOf(w, tenderId);
    valid = await sealedBidFor(w, tenderId, bidder, { documentBytes: 256 });
    const first = await putBid(w, tenderId, bidder, valid);
    expect(first.status).toBe(201);
    receipt = first.body;
  });

  const versions = async (): Promise<number> => Number((await world().ctx.db('bid_versions').count({ n: '*' }).first<{ n: number | string }>())?.n);

  it(`answers ${BIDS} malformed sealed bids with a 4xx of the contract and the parser's own code, never a 5xx, and records none of the refused ones`, async () => {
    const w = world();
    const rnd = prng(SEED);
    expect(derHeaders(valid).length).toBeGreaterThan(20);
    const before = await versions();
    const failures: string[] = [];
    const tally = new Map<string, number>();
    let accepted = 0;
    const mutants = Array.from({ length: BIDS }, () => mutate(valid, rnd));
    await inParallel(4, mutants, async ({ kind, body }, i) => {
      const expected = expectedVerdict(body, openingCert);
      const res = await putBid(w, tenderId, bidder, body);
      const got = res.status === 201 ? 'ACCEPT' : res.status >= 400 && res.status < 500 ? errorCodeOf(res) : `HTTP ${res.status}`;
      tally.set(`${kind} → ${got}`, (tally.get(`${kind} → ${got}`) ?? 0) + 1);
      accepted += got === 'ACCEPT' ? 1 : 0;
      if (got !== expected || expected.startsWith('THROWS')) {
        failures.push(`#${i} ${kind} (${body.length} bytes): expected ${expected}, got ${got} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    });
    // Wrong media types never reach the parser.
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const res = await w.http().put(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder)).set('Content-Type', type).send(valid.toString('latin1'));
      expect([res.status, errorCodeOf(res)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    // As JSON the body parser refuses it first.
    const asJson = await w.http().put(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder)).set('Content-Type', 'application/json').send(valid.toString('latin1'));
    expect([asJson.status, errorCodeOf(asJson)]).toEqual([400, 'VALIDATION']);
    console.log(`[${dialect}] sealed-bid fuzz (seed ${SEED}):\n${[...tally].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
    expect(failures.slice(0, 20)).toEqual([]);
    // Only what the header parser accepts (a flipped bit it cannot see before the opening) became a version.
    expect(await versions()).toBe(before + accepted);
    expect(accepted).toBeLessThan(BIDS / 10);
    expect((await w.http().get('/api/health')).status).toBe(200);
  }, 240_000);

  it(`answers ${RECEIPTS} malformed receipts and receipt signatures with a verdict or a 400, never a 5xx, and never verifies a changed receipt`, async () => {
    const w = world();
    const rnd = prng(SEED + 1);
    const pick = (n: number): number => Math.floor(rnd() * n);
    const der = Buffer.from(receipt.signature, 'base64');
    const genuine = await w.http().post('/api/receipts/verify').send(receipt);
    expect(genuine.body).toMatchObject({ valid: true });
    const failures: string[] = [];
    let malleable = 0;
    for (let i = 0; i < RECEIPTS; i++) {
      let body: unknown;
      let kind = '';
      const choice = pick(5);
      if (choice <= 1) {
        const m = mutate(der, rnd);
        kind = m.kind;
        body = { receipt: receipt.receipt, signature: m.body.toString('base64') || 'AA==' };
      } else if (choice === 2) {
        const keys = Object.keys(receipt.receipt);
        const odd = [null, 0, -1, 1e308, '', 'x'.repeat(pick(5000)), [], {}, { nested: { deep: [1, 2] } }, true][pick(10)];
        body = { receipt: { ...receipt.receipt, [keys[pick(keys.length)]]: odd }, signature: receipt.signature };
      } else if (choice === 3) {
        body = { receipt: receipt.receipt, signature: ['', '====', '!!!!', 'A', receipt.signature.slice(0, pick(receipt.signature.length)), 'QQ'.repeat(pick(30_000))][pick(6)] };
      } else {
        body = [null, 42, 'text', [], {}, { receipt: 'x', signature: 'y' }, { receipt: receipt.receipt }, { ...receipt, extra: 1 }][pick(8)];
      }
      const res = await w.http().post('/api/receipts/verify').set('Content-Type', 'application/json').send(JSON.stringify(body));
      // NOTE: SignedData has unsigned parts (the outer digestAlgorithms set, NULL parameters): a change
      // there may still verify, and then only as the genuine, unchanged receipt.
      const sameReceipt = choice <= 1 && res.status === 200 && res.body.valid === true && JSON.stringify(res.body.receipt) === JSON.stringify(receipt.receipt);
      malleable += sameReceipt ? 1 : 0;
      const refused = res.status === 200 ? res.body.valid === false && typeof res.body.reason === 'string' : res.status >= 400 && res.status < 500 && errorCodeOf(res) !== '';
      if (!refused && !sameReceipt) {
        failures.push(`#${i} choice ${choice} ${kind}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    const malformedJson = await w.http().post('/api/receipts/verify').set('Content-Type', 'application/json').send('{"receipt": {"a": [1, 2');
    expect([malformedJson.status, errorCodeOf(malformedJson)]).toEqual([400, 'VALIDATION']);
    console.log(`[${dialect}] receipt fuzz (seed ${SEED}): ${malleable} of ${RECEIPTS} changed only unsigned parts and still proved the genuine receipt`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120_000);

  it(`answers ${RECORDS} PDFs with malformed CMS in /Contents with a verdict that says invalid, never a 5xx`, async () => {
    const w = world();
    const rnd = prng(SEED + 2);
    const pick = (n: number): number => Math.floor(rnd() * n);
    const cms = signDigest(Buffer.alloc(32, 7), platformSigner(), new Date(T0));
    const send = (pdf: Buffer) => w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(pdf);
    // The unmutated CMS is read to its signer: the fuzz reaches deep into the parser.
    const base = await send(pdfWithContents(cms.toString('hex')));
    expect(base.status).toBe(200);
    expect(base.body.signatures[0]).toMatchObject({ signer: 'TenderHall Platform Signing', digestValid: false, valid: false });
    const failures: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      const { kind, body } = mutate(cms, rnd);
      let hex = body.toString('hex');
      if (pick(10) === 0) {
        hex = hex.slice(0, pick(hex.length)) + ['z', ' ', '<', '>', '0'][pick(5)] + hex.slice(pick(hex.length));
      }
      const res = await send(pdfWithContents(hex));
      const ok = res.status === 200 ? res.body.valid === false && Array.isArray(res.body.signatures) : res.status >= 400 && res.status < 500 && errorCodeOf(res) !== '';
      if (!ok) {
        failures.push(`#${i} ${kind}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    const notPdf = await w.http().post('/api/records/verify').set('Content-Type', 'application/pdf').send(cms);
    expect([notPdf.status, errorCodeOf(notPdf)]).toEqual([400, 'VALIDATION']);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120_000);
});
