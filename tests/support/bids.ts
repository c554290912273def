import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import type { Response } from 'supertest';
import { makeBidPackage, sealBid, signBid } from '../../server/bids';
import { findRecipient, parseAuthEnveloped } from '../../server/bids/cms/auth-enveloped';
import { parseCertificate } from '../../server/bids/cms/x509';
import { bearer, buildUser, registerBidder, type TestUser } from './factories';
import { makeCsr } from './keys';
import type { TestWorld } from './test-app';

export type BidderKeys = { certPem: string; keyPem: string; certificateId: string };
export type ReadyBidder = TestUser & BidderKeys;

/** A CSR over an existing key (suites with many bidders share one key to stay fast). */
function csrOver(keyPem: string): string {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ shortName: 'CN', value: 'bidder' }]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** Enrolls a certificate for the bidder through POST /api/certs; the key stays here (DESIGN §5). */
export async function enrollBidder(w: TestWorld, bidder: TestUser, opts: { keyPem?: string } = {}): Promise<BidderKeys> {
  const { keyPem, csrPem } = opts.keyPem ? { keyPem: opts.keyPem, csrPem: csrOver(opts.keyPem) } : makeCsr();
  const res = await w.http().post('/api/certs').set(...bearer(bidder)).send({ csr: csrPem });
  if (res.status !== 201) {
    throw new Error(`enroll: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { certPem: res.body.certificate, keyPem, certificateId: res.body.id };
}

/** A bidder account, registered for the tender, with an enrolled certificate. */
export async function readyBidder(w: TestWorld, tenderId: string, opts: { keyPem?: string } = {}): Promise<ReadyBidder> {
  const bidder = await buildUser(w, 'bidder');
  await registerBidder(w, bidder, tenderId);
  return { ...bidder, ...(await enrollBidder(w, bidder, opts)) };
}

export async function openingCertificateOf(w: TestWorld, tenderId: string): Promise<string> {
  const res = await w.http().get(`/api/tenders/${tenderId}/opening-certificate`);
  if (res.status !== 200) {
    throw new Error(`opening certificate: ${res.status}`);
  }
  return res.text;
}

/** The bid.json of DESIGN §9 for a tender. */
export function bidJsonFor(tenderId: string, price: string): Record<string, unknown> {
  return { tenderId, price, durationDays: 180, quality: '合格' };
}

/**
 * A real sealed bid (DESIGN §5): ZIP with bid.json → SignedData by the bidder → AuthEnvelopedData
 * to the tender's opening certificate and the bidder's own (or the recipients given).
 */
export async function sealedBidFor(
  w: TestWorld,
  tenderId: string,
  bidder: BidderKeys,
  opts: { price?: string; recipients?: string[]; documentBytes?: number } = {},
): Promise<Buffer> {
  const zip = makeBidPackage({
    bidJson: bidJsonFor(tenderId, opts.price ?? '9876543.21'),
    files: [{ name: '技术标.txt', data: Buffer.from('施工组织设计。') }, { name: '附件.bin', data: randomBytes(opts.documentBytes ?? 2048) }],
  });
  const signed = signBid(zip, bidder.certPem, bidder.keyPem, w.clock.now());
  const recipients = opts.recipients ?? [await openingCertificateOf(w, tenderId), bidder.certPem];
  return sealBid(signed, recipients);
}

/**
 * The decoy-key attack (issue 13 finding 5): the same sealed bid, but the recipient of `certPem` (the
 * opening certificate) wraps another random content key, so only the bidder's own key opens it. Made
 * by overwriting that recipient's RSA-OAEP encryptedKey in place (same length, the DER stays valid).
 */
export function withDecoyKeyFor(sealed: Buffer, certPem: string): Buffer {
  const recipient = findRecipient(parseAuthEnveloped(sealed), parseCertificate(certPem));
  if (!recipient?.encryptedKey) {
    throw new Error('no recipient for this certificate');
  }
  const at = sealed.indexOf(recipient.encryptedKey);
  const decoy = publicEncrypt({ key: certPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));
  if (at < 0 || decoy.length !== recipient.encryptedKey.length) {
    throw new Error('cannot place the decoy key');
  }
  const out = Buffer.from(sealed);
  decoy.copy(out, at);
  return out;
}

/** PUT /api/tenders/:id/bid with the sealed bytes as application/pkcs7-mime. */
export function putBid(w: TestWorld, tenderId: string, bidder: TestUser, sealed: Buffer): Promise<Response> {
  return w.http().put(`/api/tenders/${tenderId}/bid`).set(...bearer(bidder)).set('Content-Type', 'application/pkcs7-mime').send(sealed);
}

/** Every blob file under DATA_DIR/blobs (keys), and what is left in its tmp folder. */
export function blobFiles(w: TestWorld): { keys: string[]; tmp: string[] } {
  const root = path.join(w.config.dataDir, 'blobs');
  const keys: string[] = [];
  const tmp: string[] = [];
  const walk = (dir: string, inTmp: boolean): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p, inTmp || (dir === root && e.name === 'tmp'));
      } else {
        (inTmp ? tmp : keys).push(e.name);
      }
    }
  };
  walk(root, false);
  return { keys: keys.sort(), tmp };
}

/** Every blob key the database names, bids and signed records (receipt PDFs …), once the records due are issued. */
export async function namedBlobKeys(w: TestWorld): Promise<string[]> {
  await w.ctx.records.drain();
  const rows: { blob_key: string }[] = await w.ctx.db('records').whereNotNull('blob_key').select('blob_key');
  return [...(await bidBlobKeys(w)), ...rows.map((r) => r.blob_key)].sort();
}

/** The blob keys the database names for bids. */
export async function bidBlobKeys(w: TestWorld): Promise<string[]> {
  const rows: { blob_key: string }[] = await w.ctx.db('bid_versions').select('blob_key');
  return rows.map((r) => r.blob_key).sort();
}
