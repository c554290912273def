import type { Readable } from 'node:stream';
import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { fromMs } from '../db/convert';
import { HttpError, conflict, notFound } from '../http/errors';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { PkiService } from '../pki';
import type { ReceiptRecords } from '../records';
import { keepBlobIf, type BlobStore, type StoredBlob } from '../storage';
import { findTender, type Tender, type TenderService } from '../tenders';
import { isBidWindowOpen, needsBidderRecipient } from './policy';
import { buildReceipt, signReceipt, verifyReceipt, type ReceiptVerdict } from './receipts';
import { inspectSealedBidPrefix } from './sealed-bid';
import type { Receipt } from './schema';
import * as store from './store';
import type { Bid, BidVersion } from './store';

/** Bytes read from the start of a stored bid to check its header (recipients precede the ciphertext). */
export const HEADER_PREFIX_BYTES = 1 << 20;
/** Submissions of one bidder racing each other: each retry sees one more committed version. */
const MAX_VERSION_ATTEMPTS = 20;

type Account = { organizationName: string | null; creditCode: string | null };
type Certificate = { id: string; certPem: string };

export type BidDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  storage: BlobStore;
  config: Config;
  log: Logger;
  tenders: TenderService;
  pki: PkiService;
  /** Told of every submission that reached the service, accepted or refused with its error code (metrics). */
  onSubmission?: (o: { outcome: 'accepted' } | { outcome: 'refused'; reason: string }) => void;
  isRegistered: (db: Db, tenderId: string, bidderId: string) => Promise<boolean>;
  findAccount: (userId: string) => Promise<Account | undefined>;
  /** Every accepted submission gets its receipt PDF (投标回执) as a signed record. */
  records?: ReceiptRecords;
};

export type BidService = ReturnType<typeof createBidService>;
export type OwnBid = { bid: Bid; version: BidVersion };
/** The bidder's bid as GET /tenders/:id/bid shows it: with the record id of its receipt PDF once issued. */
export type OwnBidStatus = OwnBid & { receiptRecordId: string | null };

/** Sealed-bid submission (streamed, checked without decrypting), signed receipts, status, withdrawal (DESIGN §5). */
export function createBidService(deps: BidDeps) {
  const { db, clock, audit, storage, config, log, tenders, pki } = deps;
  let uploading = 0;
  return { submit, findOwn, withdraw, verify, receiptOf, uploadsInFlight: () => uploading };

  /**
   * Streams the sealed bid into the blob store and records it as the bidder's new bid version.
   * The server clock when the last byte was read decides (receivedAt < bidDeadline), not when the
   * blob was stored or the row written: a busy disk or database must not push a bid past the
   * deadline (DESIGN §2). A request that arrived (`arrivedAt`, stamped first thing by the app) after
   * the deadline is refused before a byte is read. Every refusal is a sealed audit event; any
   * failure removes the blob and leaves the bid in force untouched.
   */
  async function submit(actor: Actor, tenderId: string, body: Readable, declaredLength: number | null, arrivedAt = clock.now().getTime()): Promise<BidVersion> {
    const tender = await tenders.getForActor(actor, tenderId);
    try {
      const certificate = await checkBidder(actor, tender, arrivedAt);
      if (declaredLength !== null && declaredLength > config.maxBidBytes) {
        throw tooLarge();
      }
      let lastByteAt: number | null = null;
      body.once('end', () => {
        lastByteAt = clock.now().getTime();
      });
      uploading++;
      let blob: StoredBlob;
      try {
        blob = await storage.putStream(body, { maxBytes: config.maxBidBytes, tooLargeCode: 'BID_TOO_LARGE' });
      } finally {
        uploading--;
      }
      const receivedAt = lastByteAt ?? clock.now().getTime();
      const version = await keepBlobIf(storage, blob, () => accept(actor, tender, certificate, blob, receivedAt));
      deps.onSubmission?.({ outcome: 'accepted' });
      return version;
    } catch (err) {
      deps.onSubmission?.({ outcome: 'refused', reason: err instanceof HttpError ? err.code : 'INTERNAL' });
      if (err instanceof HttpError) {
        await recordRefusal(actor, tenderId, err);
      }
      throw err;
    }
  }

  /** The cheap checks, before a byte is read: window, registration, a current valid certificate. */
  async function checkBidder(actor: Actor, tender: Tender, now: number): Promise<Certificate> {
    checkWindow(tender, now);
    if (!(await deps.isRegistered(db, tender.id, actor.id))) {
      throw new HttpError(403, 'NOT_REGISTERED', 'Register for this tender (获取招标文件) before submitting a bid');
    }
    const cert = await pki.currentCertificate(actor.id, now);
    if (!cert) {
      throw new HttpError(403, 'CERTIFICATE_REQUIRED', 'Enroll a certificate before submitting a bid');
    }
    const check = await pki.checkCertificate(cert.certPem, new Date(now));
    if (!check.valid) {
      throw new HttpError(403, check.code, `Your certificate cannot be used: ${check.reason}`);
    }
    return { id: cert.id, certPem: cert.certPem };
  }

  /** Header checks on the stored bytes, then the version is recorded (retried while the bidder's own submissions race). */
  async function accept(actor: Actor, tender: Tender, cert: Certificate, blob: StoredBlob, receivedAt: number): Promise<BidVersion> {
    checkWindow(tender, receivedAt);
    await checkSealed(tender, cert, blob);
    const account = (await deps.findAccount(actor.id)) ?? { organizationName: null, creditCode: null };
    for (let attempt = 0; attempt < MAX_VERSION_ATTEMPTS; attempt++) {
      const planned = await planVersion(actor, tender, cert, blob, receivedAt, account);
      const recorded = await inTransaction(db, (trx) => recordVersion(trx, actor, tender.id, planned));
      if (recorded) {
        // No tender id: log lines must not count who bid where before the opening (DESIGN §1).
        log.info({ bidVersion: planned.version.version }, 'bid accepted');
        return planned.version;
      }
    }
    throw conflict('CONFLICT', 'Too many simultaneous submissions; send the bid again');
  }

  /** AuthEnvelopedData with a recipient for the opening certificate (and the bidder's, in bidder opening mode). */
  async function checkSealed(tender: Tender, cert: Certificate, blob: StoredBlob): Promise<void> {
    const header = inspectSealedBidPrefix(await readPrefix(blob.key, HEADER_PREFIX_BYTES), blob.size);
    if (!header.isSealedTo(await pki.openingCertificatePem(tender.id))) {
      throw new HttpError(400, 'BID_WRONG_RECIPIENT', 'The bid is not sealed to this tender’s opening certificate (RSAES-OAEP SHA-256)');
    }
    if (needsBidderRecipient(tender) && !header.isSealedTo(cert.certPem)) {
      throw new HttpError(400, 'BID_WRONG_RECIPIENT', 'In bidder opening mode the bid must also be sealed to your current certificate');
    }
  }

  /** The next version and its signed receipt, made outside the transaction (no CMS work while rows are locked). */
  async function planVersion(actor: Actor, tender: Tender, cert: Certificate, blob: StoredBlob, receivedAt: number, account: Account) {
    const current = await store.findBid(db, tender.id, actor.id);
    const bidId = current?.id ?? newId();
    const id = newId();
    const receipt = buildReceipt({
      receiptId: id,
      tenderId: tender.id,
      tenderCode: tender.code,
      bidderId: actor.id,
      organizationName: account.organizationName,
      creditCode: account.creditCode,
      bidId,
      version: (current?.version ?? 0) + 1,
      sha256: blob.sha256,
      size: blob.size,
      receivedAt: fromMs(receivedAt),
    });
    const signed = signReceipt(receipt, pki.platformSigner);
    const version: BidVersion = {
      id, bidId, version: receipt.version, blobKey: blob.key, sha256: blob.sha256, size: blob.size, certificateId: cert.id,
      receivedAt, withdrawnAt: null, receipt: signed.json, signature: signed.signature,
    };
    return { previous: current, version, organizationId: actor.organizationId };
  }

  /** Inside one transaction: lock the tender, re-check it at receivedAt, insert the version if the plan still holds. */
  async function recordVersion(trx: Knex.Transaction, actor: Actor, tenderId: string, planned: Awaited<ReturnType<typeof planVersion>>): Promise<boolean> {
    const t = await findTender(trx, tenderId, { lock: true });
    if (!t) {
      throw notFound('tender');
    }
    const v = planned.version;
    checkWindow(t, v.receivedAt);
    const current = await store.findBid(trx, tenderId, actor.id);
    if ((current?.id ?? v.bidId) !== v.bidId || (current?.version ?? 0) + 1 !== v.version) {
      return false;
    }
    if (current) {
      await store.updateBid(trx, current.id, { status: 'submitted', version: v.version, updatedAt: v.receivedAt });
    } else {
      await store.insertBid(trx, {
        id: v.bidId, tenderId, bidderId: actor.id, organizationId: planned.organizationId, status: 'submitted', version: v.version,
        createdAt: v.receivedAt, updatedAt: v.receivedAt,
      });
    }
    await store.insertVersion(trx, v);
    const action = v.version === 1 ? 'bid.submitted' : 'bid.replaced';
    const payload = { bidId: v.bidId, version: v.version, sha256: v.sha256, size: v.size, receivedAt: fromMs(v.receivedAt) };
    // Sealed: names a bidder (DESIGN §1); supervisors see it now, the agency and admins after the opening.
    await audit.append(trx, { actor, tenderId, action, visibility: 'sealed', payload });
    // The receipt PDF is due with the submission and is the bidder's alone (the record service keeps it sealed).
    await deps.records?.request(trx, {
      tenderId, kind: 'receipt', title: `投标回执：${t.title}`.slice(0, 200), audience: 'user', userId: actor.id, source: { bidId: v.bidId, versionId: v.id, version: v.version },
    });
    return true;
  }

  /** A refused attempt is an audit event too, in its own small transaction. */
  async function recordRefusal(actor: Actor, tenderId: string, err: HttpError): Promise<void> {
    await inTransaction(db, (trx) =>
      audit.append(trx, { actor, tenderId, action: 'bid.refused', visibility: 'sealed', payload: { code: err.code, status: err.status } }),
    );
  }

  /** The bidder's own bid (version in force, or the withdrawn one) and its receipt record, or null. */
  async function findOwn(actor: Actor, tenderId: string): Promise<OwnBidStatus | null> {
    await tenders.getForActor(actor, tenderId);
    const bid = await store.findBid(db, tenderId, actor.id);
    const version = bid && (await store.findVersion(db, bid.id, bid.version));
    if (!bid || !version) {
      return null;
    }
    return { bid, version, receiptRecordId: await receiptRecordIdOf(actor, tenderId, version.id) };
  }

  /** The record id of a version's receipt PDF (投标回执), null until the platform has issued it. */
  async function receiptRecordIdOf(actor: Actor, tenderId: string, versionId: string): Promise<string | null> {
    const receipts = (await deps.records?.findIssued(actor.id, tenderId, 'receipt')) ?? [];
    return receipts.find((r) => r.source.versionId === versionId)?.id ?? null;
  }

  /** The signed JSON receipt of one bid version, as stored (the receipt PDF is built from it), or null. */
  async function receiptOf(versionId: string): Promise<Receipt | null> {
    const v = await store.findVersionById(db, versionId);
    return v ? (JSON.parse(v.receipt) as Receipt) : null;
  }

  /** Withdraws the bid in force before bidDeadline (撤回); its versions stay for the audit trail. */
  async function withdraw(actor: Actor, tenderId: string): Promise<OwnBidStatus> {
    await tenders.getForActor(actor, tenderId);
    const own = await inTransaction(db, async (trx) => {
      const t = (await findTender(trx, tenderId, { lock: true })) as Tender;
      const bid = await store.findBid(trx, tenderId, actor.id);
      const version = bid && (await store.findVersion(trx, bid.id, bid.version));
      if (!bid || !version || bid.status !== 'submitted') {
        throw notFound('bid');
      }
      const now = clock.now().getTime();
      checkWindow(t, now);
      await store.updateBid(trx, bid.id, { status: 'withdrawn', updatedAt: now });
      await store.markWithdrawn(trx, version.id, now);
      await audit.append(trx, { actor, tenderId, action: 'bid.withdrawn', visibility: 'sealed', payload: { bidId: bid.id, version: bid.version } });
      return { bid: { ...bid, status: 'withdrawn' as const, updatedAt: now }, version: { ...version, withdrawnAt: now } };
    });
    return { ...own, receiptRecordId: await receiptRecordIdOf(actor, tenderId, own.version.id) };
  }

  /** POST /receipts/verify: whether a receipt and its signature are genuine (see receipts.ts). */
  async function verify(receipt: Record<string, unknown>, signature: string): Promise<ReceiptVerdict> {
    return verifyReceipt(receipt, signature, { signerCertPem: pki.platformSigner.certPem, trustedRootsPem: await pki.trustedRootsPem() });
  }

  /** The first bytes of a stored blob, read and released: memory stays bounded whatever the bid's size. */
  async function readPrefix(key: string, max: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const chunk of storage.read(key)) {
      chunks.push(chunk as Buffer);
      n += (chunk as Buffer).length;
      if (n >= max) {
        break; // NOTE: leaving for-await destroys the file stream
      }
    }
    return Buffer.concat(chunks).subarray(0, max);
  }
}

function checkWindow(t: Pick<Tender, 'status' | 'bidDeadline' | 'sealedAt'>, at: number): void {
  if (!isBidWindowOpen(t, at)) {
    throw conflict('BID_WINDOW_CLOSED', t.status === 'published' ? 'The bid deadline has passed' : `The tender is ${t.status}; it takes no bids`);
  }
}

function tooLarge(): HttpError {
  return new HttpError(413, 'BID_TOO_LARGE', 'The sealed bid exceeds the size limit');
}
