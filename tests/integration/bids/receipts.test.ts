import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { useTestWorld } from '../../support/test-app';

describeEachDialect('bid receipts (回执)', (dialect) => {
  const world = useTestWorld(dialect);
  let receipt: Record<string, unknown>;
  let signature: string;
  let answer: Record<string, unknown>;

  beforeAll(async () => {
    const w = world();
    const t = await buildTender(w, await buildUser(w, 'agency'));
    const bidder = await readyBidder(w, t.id);
    const res = await putBid(w, t.id, bidder, await sealedBidFor(w, t.id, bidder));
    expect(res.status).toBe(201);
    ({ receipt, signature } = res.body);
    answer = res.body;
  });

  it('verifies a genuine receipt for anyone, without signing in', async () => {
    const res = await world().http().post('/api/receipts/verify').send({ receipt, signature });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: true, receipt });
  });

  it('verifies the submission answer as saved: its checkpoint comes along and plays no part in the verdict', async () => {
    const w = world();
    expect(Object.keys(answer)).toEqual(['receipt', 'signature', 'checkpoint']);
    const saved = await w.http().post('/api/receipts/verify').send(answer);
    expect(saved.body).toEqual({ valid: true, receipt });
    const changed = await w.http().post('/api/receipts/verify').send({ ...answer, receipt: { ...receipt, size: (receipt.size as number) + 1 } });
    expect(changed.body.valid).toBe(false);
    const extra = await w.http().post('/api/receipts/verify').send({ ...answer, note: 'x' });
    expect(extra.status).toBe(400);
  });

  it('fails a receipt with any field changed, added or reordered', async () => {
    const w = world();
    const changed: Record<string, unknown>[] = [
      ...Object.keys(receipt).map((k) => ({ ...receipt, [k]: typeof receipt[k] === 'number' ? (receipt[k] as number) + 1 : `${String(receipt[k])}x` })),
      { ...receipt, receivedAt: new Date(Date.parse(receipt.receivedAt as string) - 1).toISOString() },
      { ...receipt, note: '补充' },
      Object.fromEntries(Object.entries(receipt).reverse()),
    ];
    for (const r of changed) {
      const res = await w.http().post('/api/receipts/verify').send({ receipt: r, signature });
      expect({ status: res.status, valid: res.body.valid, reason: typeof res.body.reason }).toEqual({ status: 200, valid: false, reason: 'string' });
    }
  });

  it('fails a damaged signature and one made by another key', async () => {
    const w = world();
    const der = Buffer.from(signature, 'base64');
    der[der.length - 10] ^= 0x01;
    const damaged = await w.http().post('/api/receipts/verify').send({ receipt, signature: der.toString('base64') });
    expect(damaged.body.valid).toBe(false);
    const garbage = await w.http().post('/api/receipts/verify').send({ receipt, signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(garbage.body.valid).toBe(false);
    const bidder = await readyBidder(w, receipt.tenderId as string);
    const { signBid } = await import('../../../server/bids');
    const forged = signBid(Buffer.from(JSON.stringify(receipt)), bidder.certPem, bidder.keyPem, new Date(receipt.receivedAt as string));
    const res = await w.http().post('/api/receipts/verify').send({ receipt, signature: forged.toString('base64') });
    expect(res.body).toEqual({ valid: false, reason: 'not signed by the platform signing certificate' });
  });

  it('verifies offline with openssl cms -verify against the platform CA (docs/receipts.md)', async () => {
    const w = world();
    const ca = await w.http().get('/api/ca');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-receipt-'));
    try {
      fs.writeFileSync(path.join(dir, 'sig.b64'), signature);
      fs.writeFileSync(path.join(dir, 'ca.pem'), ca.body.certificate);
      // NOTE: -attime: the test clock lies in the future, where the platform certificate was issued.
      const attime = String(Math.floor(Date.parse(receipt.receivedAt as string) / 1000));
      execFileSync('sh', ['-c', `base64 -d sig.b64 > r.p7s && openssl cms -verify -inform DER -in r.p7s -CAfile ca.pem -purpose any -attime ${attime} -out receipt.json`], { cwd: dir, stdio: 'pipe' });
      expect(fs.readFileSync(path.join(dir, 'receipt.json'), 'utf8')).toBe(JSON.stringify(receipt));
      const der = fs.readFileSync(path.join(dir, 'r.p7s'));
      const at = der.indexOf(Buffer.from('"version":'));
      der[at + 10] ^= 0x01; // a changed version digit inside the signed receipt
      fs.writeFileSync(path.join(dir, 'changed.p7s'), der);
      const verifyChanged = (): Buffer =>
        execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', 'changed.p7s', '-CAfile', 'ca.pem', '-purpose', 'any', '-attime', attime, '-out', 'changed.json'], { cwd: dir, stdio: 'pipe' });
      expect(verifyChanged).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
