import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import { keyEnvelopeOf, listBidsInForce, type BidInForce } from '../bids';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import type { Logger } from '../logger';
import type { PkiService } from '../pki';
import type { EventBus } from '../realtime';
import type { RecordRequester } from '../records';
import type { BlobStore } from '../storage';
import { findTender, inFlightGraceMs, ruleSet, type Tender, type TenderService } from '../tenders';
import { examineBid, type KeySource, type Verdict } from './decrypt';
import { BID_INVALID, BID_REVEALED } from './events';
import { createHall, stageError } from './hall';
import type { OnDeadline } from './runs';
import { sealBids } from './seal';
import { stageOf } from './stage';
import * as store from './store';
import { createOpeningViews } from './views';
import { readPrefix } from './read-prefix';

export type { OpeningSnapshot, OwnView } from './views';

export type OpeningDeps = {
  db: Knex;
  clock: Clock;
  config: Config;
  log: Logger;
  audit: AuditService;
  bus: EventBus;
  pki: PkiService;
  storage: BlobStore;
  tenders: TenderService;
  isRegistered: (db: Db, tenderId: string, bidderId: string) => Promise<boolean>;
  findAccount: (userId: string) => Promise<{ organizationName: string | null } | undefined>;
  records?: RecordRequester;
};

export type OpeningService = ReturnType<typeof createOpeningService>;


/** Longest single sleep while waiting on the server clock (a test clock may be moved meanwhile). */
const POLL_MS = 50;
/** The header of a sealed bid is within its first MiB (recipients come before the ciphertext). */
const HEADER_BYTES = 1 << 20;

/**
 * The opening after the deadline (DESIGN §2, §5, §6): seal and publish commitments, decrypt (platform,
 * bidder or backup), assemble the record, and the hall around it.
 */
export function createOpeningService(deps: OpeningDeps) {
  const { db, clock, config, audit, bus, pki, tenders } = deps;
  const hall = createHall(deps);
  const views = createOpeningViews(deps);
  return {
    onDeadline: onDeadline as OnDeadline,
    dueSessions,
    nextSessionDue: (now: number) => store.nextSessionDue(db, now),
    commitments: views.commitments,
    snapshot: views.snapshot,
    authorizeJoin: views.authorizeJoin,
    envelope,
    decrypt,
    signIn: hall.signIn,
    confirm: hall.confirm,
    object: hall.object,
    answer: hall.answer,
    pause: hall.pause,
    resume: hall.resume,
  };

  /**
   * The scheduler's hook: does whatever is due now, each stage skipping what a previous (crashed)
   * run recorded. Platform mode runs to the record; bidder mode stops while its window is open and
   * the scheduler runs it again when the window closes (dueSessions).
   */
  async function onDeadline(tenderId: string, { signal }: { signal: AbortSignal }): Promise<void> {
    const first = await findTender(db, tenderId);
    if (!first || first.status !== 'opening') {
      return;
    }
    const rules = ruleSet(first.ruleSet ?? config.ruleSet);
    if (first.sealedAt === null) {
      await waitUntil(first.bidDeadline + inFlightGraceMs(rules), signal);
      await inTransaction(db, (trx) => sealBids({ audit, bus }, trx, tenderId, clock.now().getTime(), rules));
    }
    const t = await findTender(db, tenderId);
    const session = await store.findSession(db, tenderId);
    if (!t || t.status !== 'opening' || !session) {
      return;
    }
    if (session.recordReadyAt === null) {
      if (t.openingMode === 'platform') {
        await decryptPending(t, signal, 'platform');
      } else if (session.pausedAt !== null || clock.now().getTime() < (session.decryptionEndsAt as number)) {
        return;
      } else if (t.undecryptedBids === 'backup') {
        await decryptPending(t, signal, 'backup');
      } else {
        await recordUndecrypted(t);
      }
      await inTransaction(db, (trx) => hall.markRecordReady(trx, tenderId));
    }
    await hall.closeIfDone(tenderId);
  }

  /** Tenders whose window closed with work left (bidder decryption window, confirmation window): the scheduler runs onDeadline again. */
  async function dueSessions(now: number): Promise<string[]> {
    return store.listDueSessions(db, now);
  }

  /** Committed bids without a result yet, each with its commitment digest. */
  async function pendingBids(t: Tender): Promise<{ bid: BidInForce; sha256: string }[]> {
    const inForce = new Map((await listBidsInForce(db, t.id)).map((b) => [b.bidId, b]));
    const recorded = new Set((await store.listOpeningBids(db, t.id)).map((b) => b.bidId));
    const pending: { bid: BidInForce; sha256: string }[] = [];
    for (const c of await store.listCommitments(db, t.id)) {
      const bid = inForce.get(c.bidId);
      if (bid && !recorded.has(c.bidId)) {
        pending.push({ bid, sha256: c.sha256 });
      }
    }
    return pending;
  }

  /** Decrypts and checks every committed bid not yet recorded with the opening key; one transaction per bid. */
  async function decryptPending(t: Tender, signal: AbortSignal, by: 'platform' | 'backup'): Promise<void> {
    const pending = await pendingBids(t);
    if (pending.length === 0) {
      return;
    }
    const key: KeySource = { openingKey: await openingKey(t, pending.length, by) };
    let first = true;
    for (const { bid, sha256 } of pending) {
      signal.throwIfAborted();
      if (!first && config.openingReadingIntervalMs > 0) {
        await waitUntil(clock.now().getTime() + config.openingReadingIntervalMs, signal);
      }
      first = false;
      const verdict = await examineBid({ storage: deps.storage, pki }, t, bid, sha256, key);
      const named = await withOrganization(bid);
      await inTransaction(db, (trx) => record(trx, t, named, sha256, verdict, by, null));
    }
  }

  /** Bidder mode, undecryptedBids 'invalid': bids their bidders did not decrypt in the window are recorded invalid (撤销). */
  async function recordUndecrypted(t: Tender): Promise<void> {
    for (const { bid, sha256 } of await pendingBids(t)) {
      const verdict: Verdict = {
        status: 'invalid',
        reason: 'not decrypted by the bidder within the decryption window: revoked (撤销, 电子招标投标办法 art. 31)',
        items: null,
        keyRejected: false,
      };
      const named = await withOrganization(bid);
      await inTransaction(db, (trx) => record(trx, t, named, sha256, verdict, 'bidder', null));
    }
  }

  /** Records one result under the tender's lock (once), with its audit entry and live event (唱标). */
  async function record(
    trx: Knex.Transaction,
    t: Tender,
    bid: BidInForce & { bidderOrganization: string | null },
    sha256: string,
    verdict: Verdict,
    by: store.DecryptedBy,
    actor: Actor | null,
  ): Promise<boolean> {
    await findTender(trx, t.id, { lock: true });
    if (await store.hasOpeningBid(trx, t.id, bid.bidId)) {
      return false;
    }
    const { bidderOrganization } = bid;
    await store.insertOpeningBid(trx, {
      tenderId: t.id, bidId: bid.bidId, bidderId: bid.bidderId, bidderOrganization, status: verdict.status, reason: verdict.reason, items: verdict.items, decryptedBy: by, decryptedAt: clock.now().getTime(),
    });
    const audited = { bidId: bid.bidId, sha256, bidderOrganization, status: verdict.status, reason: verdict.reason, items: verdict.items, decryptedBy: by };
    await audit.append(trx, { actor, tenderId: t.id, action: 'opening.bid-decrypted', payload: audited });
    const recorded = (await store.listOpeningBids(trx, t.id)).length;
    const total = (await store.listCommitments(trx, t.id)).length;
    const progress = { recorded, total };
    const live =
      verdict.status === 'valid'
        ? { sha256, bidderOrganization, items: verdict.items, decryptedBy: by, progress }
        : { sha256, bidderOrganization, reason: verdict.reason, decryptedBy: by, progress };
    await bus.publish(trx, 'opening', t.id, verdict.status === 'valid' ? BID_REVEALED : BID_INVALID, live);
    return true;
  }

  /** NOTE: account lookups use the pool, never inside a transaction (SQLite has one connection). */
  async function withOrganization(bid: BidInForce): Promise<BidInForce & { bidderOrganization: string | null }> {
    return { ...bid, bidderOrganization: (await deps.findAccount(bid.bidderId))?.organizationName ?? null };
  }

  /** The opening key, refused by pki before bidDeadline; every use is on the audit trail. */
  async function openingKey(t: Tender, bids: number, by: 'platform' | 'backup'): Promise<{ certPem: string; keyPem: string }> {
    const key = await loadOpeningKey(t);
    await inTransaction(db, (trx) => audit.append(trx, { actor: null, tenderId: t.id, action: 'opening.key-used', payload: { bids, purpose: by } }));
    return key;
  }

  /** The opening key to compare a bidder's content key with (after the deadline; it opens nothing else), on the audit trail. */
  async function checkingKey(t: Tender, actor: Actor, bidId: string): Promise<{ certPem: string; keyPem: string }> {
    const key = await loadOpeningKey(t);
    await inTransaction(db, (trx) => audit.append(trx, { actor, tenderId: t.id, action: 'opening.key-checked', payload: { bidId } }));
    return key;
  }

  async function loadOpeningKey(t: Tender): Promise<{ certPem: string; keyPem: string }> {
    return { keyPem: await pki.openingPrivateKeyPem(t), certPem: await pki.openingCertificatePem(t.id) };
  }

  /** The bidder's own committed bid, or 404. */
  async function ownCommittedBid(actor: Actor, t: Tender): Promise<{ bid: BidInForce; sha256: string }> {
    if (actor.role !== 'bidder') {
      throw forbidden('Only bidders decrypt their own bids');
    }
    const commitments = await store.listCommitments(db, t.id);
    const own = (await listBidsInForce(db, t.id)).find((b) => b.bidderId === actor.id);
    const c = own && commitments.find((x) => x.bidId === own.bidId);
    if (!own || !c) {
      throw notFound('committed bid of yours');
    }
    return { bid: own, sha256: c.sha256 };
  }

  /** GET /opening/envelope: the wrapped content keys of the bidder's own committed bid (from sealing on). */
  async function envelope(actor: Actor, tenderId: string): Promise<{ bidSha256: string; recipients: { serialNumber: string; encryptedKey: string }[] }> {
    const t = await registeredBidder(actor, tenderId);
    if (t.sealedAt === null) {
      throw stageError(stageOf(t, undefined), 'fetch the key envelope');
    }
    const { bid, sha256 } = await ownCommittedBid(actor, t);
    const prefix = await readPrefix(deps.storage.read(bid.blobKey), Math.min(HEADER_BYTES, bid.size));
    await inTransaction(db, (trx) => audit.append(trx, { actor, tenderId, action: 'opening.envelope-read', payload: { bidId: bid.bidId } }));
    return { bidSha256: sha256, recipients: keyEnvelopeOf(prefix, bid.size) };
  }

  /**
   * POST /opening/decrypt (bidder mode): the bidder hands over its content key within the window.
   * A key that fails the GCM tag records nothing (retry); any later failure records the bid invalid.
   */
  async function decrypt(actor: Actor, tenderId: string, contentKey: Buffer): Promise<Verdict & { decryptedBy: 'bidder' }> {
    const t = await registeredBidder(actor, tenderId);
    await requireDecryptionWindow(db, t);
    const { bid, sha256 } = await ownCommittedBid(actor, t);
    if (await store.hasOpeningBid(db, t.id, bid.bidId)) {
      throw conflict('CONFLICT', 'Your bid has already been decrypted');
    }
    // One content key for every recipient: the key handed over must be the one sealed for the opening certificate.
    const verdict = await examineBid({ storage: deps.storage, pki }, t, bid, sha256, { contentKey, openingKey: await checkingKey(t, actor, bid.bidId) });
    if (verdict.keyRejected) {
      await inTransaction(db, (trx) => audit.append(trx, { actor, tenderId, action: 'opening.decrypt-rejected', payload: { bidId: bid.bidId, reason: verdict.reason } }));
      throw badRequest('BID_DECRYPTION_FAILED', 'This key does not decrypt your bid (AES-GCM tag); unwrap it again with the certificate you sealed with');
    }
    const named = await withOrganization(bid);
    await inTransaction(db, async (trx) => {
      await requireDecryptionWindow(trx, (await findTender(trx, tenderId, { lock: true })) as Tender);
      if (!(await record(trx, t, named, sha256, verdict, 'bidder', actor))) {
        throw conflict('CONFLICT', 'Your bid has already been decrypted');
      }
      await hall.markRecordReady(trx, tenderId);
    });
    return { ...verdict, decryptedBy: 'bidder' };
  }

  async function registeredBidder(actor: Actor, tenderId: string): Promise<Tender> {
    const t = await tenders.getForActor(actor, tenderId);
    if (actor.role !== 'bidder' || !(await deps.isRegistered(db, tenderId, actor.id))) {
      throw forbidden('Only bidders registered for this tender decrypt their bids');
    }
    return t;
  }

  async function requireDecryptionWindow(dbOrTrx: Db, t: Tender): Promise<void> {
    const session = await store.findSession(dbOrTrx, t.id);
    const stage = stageOf(t, session);
    const open = stage === 'decryption' && t.openingMode === 'bidder' && clock.now().getTime() < (session?.decryptionEndsAt ?? 0);
    if (!open) {
      throw stageError(stage, 'decrypt a bid');
    }
    if (session?.pausedAt) {
      throw conflict('OPENING_STAGE', 'The host has paused the hall: decrypt when it resumes (the window keeps its remaining time)');
    }
  }

  /** Resolves once the server clock reaches `at`; rejects when the run is aborted. */
  async function waitUntil(at: number, signal: AbortSignal): Promise<void> {
    for (let left = at - clock.now().getTime(); left > 0; left = at - clock.now().getTime()) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(left, POLL_MS)));
    }
    signal.throwIfAborted();
  }
}
