import { createHash, timingSafeEqual } from 'node:crypto';
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

/**
 * What opens the bid: the tender's opening key (platform, backup), or the content key its bidder handed
 * over together with the opening key it must match (bidder mode: one content key for every recipient).
 */
export type KeySource = { openingKey: OpeningKey } | { contentKey: Buffer; openingKey: OpeningKey | null };

/** 电子招标投标办法 art. 31: a bid left undecrypted by its bidder's doing is revoked (撤销), not withdrawn (撤回). */
const REVOKED = "the bidder's fault: revoked (撤销, 电子招标投标办法 art. 31)";

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
  const byBidder = 'contentKey' in key;
  const contentKey = byBidder
    ? key.contentKey
    : await step(`the key sealed for the opening certificate does not unwrap, ${REVOKED}`, () => openingContentKey(sealed, key.openingKey));
  const signed = await step(byBidder ? 'decryption failed (AES-GCM tag)' : `the key sealed for the opening certificate does not open the bid (AES-GCM tag), ${REVOKED}`, () =>
    openSealedBid(sealed, contentKey),
  ).catch((err: unknown) => {
    if (err instanceof Invalid && byBidder) {
      err.keyRejected = true;
    }
    throw err;
  });
  if (byBidder && key.openingKey) {
    requireOneContentKey(sealed, contentKey, key.openingKey);
  }
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

function openingContentKey(sealed: Buffer, openingKey: OpeningKey): Buffer {
  return unwrapContentKey(sealed, openingKey.certPem, openingKey.keyPem);
}

/**
 * A bid is sealed with one content key for every recipient: the key its bidder hands over must be the
 * very 32 bytes wrapped for the opening certificate. Otherwise the bidder could keep a decoy for the
 * backup decryption (withhold its key after seeing prices, 备份解密 fails) or, as AES-GCM does not
 * commit to its key, hold two keys that open the same ciphertext to two bids. The keys are compared,
 * not the plaintexts.
 */
function requireOneContentKey(sealed: Buffer, contentKey: Buffer, openingKey: OpeningKey): void {
  let sealedForOpening: Buffer;
  try {
    sealedForOpening = openingContentKey(sealed, openingKey);
  } catch {
    throw new Invalid(`the key sealed for the opening certificate does not unwrap: the bid is not sealed with one content key for every recipient, ${REVOKED}`);
  }
  const same = sealedForOpening.length === contentKey.length && timingSafeEqual(sealedForOpening, contentKey);
  sealedForOpening.fill(0);
  if (!same) {
    throw new Invalid(`the content key handed over is not the one sealed for the opening certificate: the bid is not sealed with one content key for every recipient, ${REVOKED}`);
  }
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
