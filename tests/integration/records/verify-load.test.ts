import type { Response } from 'supertest';
import { MAX_SIGNATURES, signDigest } from '../../../server/records';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { verifyVia } from '../../support/forgery';
import { makeCsr } from '../../support/keys';
import { platformSigner } from '../../support/records';
import { T0, createTestWorld, type TestWorld } from '../../support/test-app';
import { createRunningClock } from '../../support/clock';

/**
 * Issue 13 finding 1: anonymous POST /api/records/verify held the event loop. The verifier hashed up
 * to 50 MB per distinct /ByteRange, synchronously, with no cap on ranges and no rate limit: a 20 MB PDF
 * with 50 ranges took 12 s and stalled /api/health; fired before a deadline, a bid sent before it was
 * refused with 409 BID_WINDOW_CLOSED. Now verification runs in a worker thread, hashes the file once,
 * reads at most MAX_SIGNATURES signatures, and each address may verify 20 times a minute.
 */

const MB = 1024 * 1024;

/**
 * A PDF of `size` bytes whose `ranges` signature dictionaries each frame their own /Contents (`hex`, a
 * readable CMS makes a verifier hash the signed bytes too) and end at the end of the file: every range
 * is a distinct "revision" of nearly the whole file.
 */
function manyRangesPdf(size: number, ranges: number, hex = '00'): Buffer {
  const pad = (n: number): string => String(n).padStart(10, '0');
  const dicts: string[] = [];
  let at = '%PDF-1.7\n'.length;
  for (let i = 0; i < ranges; i++) {
    const head = `${i + 1} 0 obj\n<< /Type /Sig /ByteRange [0 `;
    const b = at + head.length + `${pad(0)} ${pad(0)} ${pad(0)}] /Contents `.length;
    const c = b + hex.length + 2;
    const dict = `${head}${pad(b)} ${pad(c)} ${pad(size - c)}] /Contents <${hex}> >>\nendobj\n`;
    dicts.push(dict);
    at += dict.length;
  }
  const body = `%PDF-1.7\n${dicts.join('')}`;
  const tail = '\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return Buffer.concat([Buffer.from(body, 'latin1'), Buffer.alloc(size - body.length - tail.length, 0x20), Buffer.from(tail, 'latin1')]);
}

describeEachDialect('POST /api/records/verify under attack', (dialect) => {
  const clock = createRunningClock();
  let w: TestWorld;

  beforeAll(async () => {
    w = await createTestWorld(dialect, {}, { clock });
  });
  afterAll(async () => {
    await w.close();
  });

  it('crafted PDFs (20 MB, 200 and 50 byte ranges, each framing a CMS) sent before a deadline: every bid sent before it is accepted, health answers first, each verdict is bounded', async () => {
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const { keyPem } = makeCsr();
    const bidders = await Promise.all([0, 1, 2].map(() => readyBidder(w, t.id, { keyPem })));
    const sealed = await Promise.all(bidders.map((b, i) => sealedBidFor(w, t.id, b, { price: `${1000 + i}.00` })));
    const deadline = Date.parse(t.bidDeadline as string);
    const cms = signDigest(Buffer.alloc(32, 7), platformSigner(), new Date(T0)).toString('hex');
    const crafted = [manyRangesPdf(20 * MB, 200, cms), manyRangesPdf(20 * MB, MAX_SIGNATURES, cms), manyRangesPdf(20 * MB, 200, cms)];

    // The attacker fires 10 s before the deadline; health is asked 0.5 s later, the bidders send theirs 3 s later.
    clock.runFrom(deadline - 10_000);
    const order: string[] = [];
    const attacks = crafted.map((pdf, i) => verifyVia(w, pdf).then((res) => {
      order.push(`verify ${i}`);
      return res;
    }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const health = w.http().get('/api/health').then((res) => {
      order.push('health');
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const sentAt = clock.now().getTime();
    const bids = sealed.map((bytes, i) => putBid(w, t.id, bidders[i], bytes));
    const [answers, healthAnswer, bidAnswers] = await Promise.all([Promise.all(attacks), health, Promise.all(bids)]);

    expect(sentAt).toBeLessThan(deadline - 5000);
    expect(bidAnswers.map((r: Response) => `${r.status} ${r.body.error?.code ?? ''}`)).toEqual(['201 ', '201 ', '201 ']);
    for (const r of bidAnswers) {
      expect(Date.parse(r.body.receipt.receivedAt)).toBeLessThan(deadline);
    }
    expect(healthAnswer.status).toBe(200);
    // The event loop was free while the verifier worked: health came back before the first verdict.
    expect(order[0]).toBe('health');

    // Bounded verdicts: at most MAX_SIGNATURES signatures read, more refused unread; never valid.
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers[1].body.signatures.length).toBeLessThanOrEqual(MAX_SIGNATURES);
    expect(answers[1].body).toMatchObject({ valid: false, record: null });
    for (const r of [answers[0], answers[2]]) {
      expect(r.body).toMatchObject({ valid: false, signatures: [], reasons: ['TOO_MANY_SIGNATURES'], record: null });
    }
  }, 180_000);

  it('limits verifications per address: past 20 a minute, 429 RATE_LIMITED in the error shape with Retry-After', async () => {
    clock.freeze();
    const small = manyRangesPdf(4096, 1);
    const answers: Response[] = [];
    for (let i = 0; i < 25; i++) {
      answers.push(await verifyVia(w, small));
    }
    const limited = answers.filter((r) => r.status === 429);
    // The first test used 3 of this address's 20; the rest are refused until its window resets.
    expect(answers.filter((r) => r.status === 200).length).toBeLessThanOrEqual(20);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited[0].body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0].headers['retry-after'])).toBeLessThanOrEqual(60);
  });
});
