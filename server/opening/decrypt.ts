import { createHash } from 'node:crypto';
import { openSealedBid, readBidPackage, unwrapContentKey, verifySignedBid, type BidInForce } from '../bids';
import { fingerprint, type PkiService } from '../pki';
import type { BlobStore } from '../storage';
import type { Tender } from '../tenders';

/** 唱标 price: yuan as a decimal string with at most 2 decimals (DESIGN §5). */
const YUAN = /^\d{1,13}(\.\d{1,2})?$/;

/** `keyRejected`: the content key a bidder handed over failed the GCM tag (the bidder may retry). */
export type Verdict =
  | { status: 'valid'; reason: null; items: Record<string, unknown>; keyRejected: false }
  | { status: 'invalid'; reason: string; items: null; keyRejected: boolean };

export type OpeningKey = { certPem: string; keyPem: string };

/** What opens the bid: the tender's opening key (platform, backup) or the content key its bidder handed over. */
export type KeySource = { openingKey: OpeningKey } | { contentKey: Buffer };

type DecryptDeps = { storage: BlobStore; pki: PkiService };

class Invalid extends Error {
  keyRejected = false;
}

/**
 * Platform-mode checks of one bid in force (DESIGN §5): the sealed bytes match the commitment, the
 * opening key unwraps the content key, the GCM tag holds, the CMS signature and its chain were valid
 * at receivedAt and not revoked by then, the signer is the certificate used at submission, and
 * bid.json names this tender with every opening item. Never throws for a bad bid: it is invalid.
 */
export async function examineBid(deps: DecryptDeps, tender: Tender, bid: BidInForce, commitmentSha256: string, key: KeySource): Promise<Verdict> {
  try {
    return { status: 'valid', reason: null, items: await check(deps, tender, bid, commitmentSha256, key), keyRejected: false };
  } catch (err) {
    if (err instanceof Invalid) {
      return { status: 'invalid', reason: err.message, items: null, keyRejected: err.keyRejected };
    }
    throw err;
  }
}

async function check(deps: DecryptDeps, tender: Tender, bid: BidInForce, commitmentSha256: string, key: KeySource): Promise<Record<string, unknown>> {
  const at = new Date(bid.receivedAt);
  const sealed = await step('sealed bid unreadable', () => deps.storage.readBuffer(bid.blobKey));
  if (createHash('sha256').update(sealed).digest('hex') !== commitmentSha256) {
    throw new Invalid('the sealed bid does not match its published commitment (SHA-256)');
  }
  const contentKey =
    'openingKey' in key
      ? await step('content key not recoverable with the opening key', () => unwrapContentKey(sealed, key.openingKey.certPem, key.openingKey.keyPem))
      : key.contentKey;
  const signed = await step('decryption failed (AES-GCM tag)', () => openSealedBid(sealed, contentKey)).catch((err: unknown) => {
    if (err instanceof Invalid && 'contentKey' in key) {
      err.keyRejected = true;
    }
    throw err;
  });
  const trustedRootsPem = await deps.pki.trustedRootsPem();
  const verified = await step('signature invalid', () => verifySignedBid(signed, { trustedRootsPem, at }));
  const certCheck = await deps.pki.checkCertificate(verified.signerCertPem, at);
  if (!certCheck.valid) {
    throw new Invalid(`signer certificate: ${certCheck.reason}`);
  }
  const used = bid.certificateId ? await deps.pki.findCertificate(bid.certificateId) : undefined;
  if (!used || used.sha256 !== fingerprint(verified.signerCertPem)) {
    throw new Invalid('signed with a certificate other than the one the bid was submitted with');
  }
  const pkg = await step('bid package unreadable', () => readBidPackage(verified.zip));
  return openingItems(tender, pkg.bidJson);
}

/** bid.json names this tender and holds every opening item; price is yuan. Returns the items (唱标内容). */
function openingItems(tender: Tender, bidJson: unknown): Record<string, unknown> {
  if (typeof bidJson !== 'object' || bidJson === null || Array.isArray(bidJson)) {
    throw new Invalid('bid.json is not an object');
  }
  const json = bidJson as Record<string, unknown>;
  if (json.tenderId !== tender.id) {
    throw new Invalid('bid.json names another tender');
  }
  const missing = tender.openingItems.filter((k) => json[k] === undefined || json[k] === null);
  if (missing.length > 0) {
    throw new Invalid(`bid.json lacks opening items: ${missing.join(', ')}`);
  }
  if (tender.openingItems.includes('price') && (typeof json.price !== 'string' || !YUAN.test(json.price))) {
    throw new Invalid('bid.json price is not a yuan amount with at most 2 decimals');
  }
  return Object.fromEntries(tender.openingItems.map((k) => [k, json[k]]));
}

async function step<T>(reason: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new Invalid(`${reason}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
