/**
 * Sealing throughput (issue 3): TenderHall's sign + seal and unwrap + open of one bid package,
 * against `openssl speed -evp aes-256-gcm` on this machine. Run: npx tsx bench/sealing.ts [MB]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeBidPackage, openSealedBid, sealBid, signBid, unwrapContentKey, verifySignedBid } from '../server/bids';
import { FIXTURE_CA, opensslAesGcmMBps } from './lib';

const mb = Number(process.argv[2] ?? 100);
const read = (f: string) => fs.readFileSync(path.join(FIXTURE_CA, f), 'utf8');
const [bidderCert, bidderKey, openingCert, openingKey, caCert] = ['bidder.crt', 'bidder.key', 'opening.crt', 'opening.key', 'ca.crt'].map(read) as string[];

function time<T>(fn: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const out = fn();
  return [out, Number(process.hrtime.bigint() - t) / 1e9];
}

const zip = makeBidPackage({ bidJson: { tenderId: 'BENCH', price: '9876543.21' }, files: [{ name: '投标文件.bin', data: randomBytes(mb * 1024 * 1024) }] });
const [signed, tSign] = time(() => signBid(zip, bidderCert as string, bidderKey as string, new Date()));
const [sealed, tSeal] = time(() => sealBid(signed, [openingCert as string, bidderCert as string]));
const [plain, tOpen] = time(() => openSealedBid(sealed, unwrapContentKey(sealed, openingCert as string, openingKey as string)));
const [, tVerify] = time(() => verifySignedBid(plain, { trustedRootsPem: [caCert as string], at: new Date() }));
const raw = opensslAesGcmMBps();
const rate = (s: number) => (sealed.length / 1e6 / s).toFixed(0);

console.log(`sealed bid of ${(sealed.length / 1e6).toFixed(1)} MB (package ${mb} MiB)`);
console.log('| step | seconds | MB/s | vs openssl aes-256-gcm |');
console.log('| --- | --- | --- | --- |');
for (const [name, s] of [['sign (SHA-256 + RSA)', tSign], ['seal (AES-256-GCM + 2 × RSA-OAEP)', tSeal], ['unwrap + open (GCM tag checked)', tOpen], ['verify signature + chain', tVerify], ['sign + seal (bidder side)', tSign + tSeal]] as const) {
  console.log(`| ${name} | ${s.toFixed(3)} | ${rate(s)} | ${((sealed.length / 1e6 / s / raw) * 100).toFixed(0)} % |`);
}
console.log(`| openssl speed -evp aes-256-gcm (16 KiB blocks) | | ${raw.toFixed(0)} | 100 % |`);
