import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import { listBidsInForce, type BidInForce } from '../bids';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { notFound } from '../http/errors';
import type { Logger } from '../logger';
import type { PkiService } from '../pki';
import type { EventBus } from '../realtime';
import type { BlobStore } from '../storage';
import { findTender, inFlightGraceMs, isOwner, ruleSet, updateTender, MIN_VALID_BIDS, type Tender, type TenderService } from '../tenders';
import { examineBid, type OpeningKey } from './decrypt';
import { BID_INVALID, BID_REVEALED, OPENING_COMPLETED } from './events';
import type { OnDeadline } from './runs';
import { failTender, sealBids } from './seal';
import * as store from './store';

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
};

export type OpeningService = ReturnType<typeof createOpeningService>;
export type OpeningSnapshot = { tender: Tender; commitments: store.Commitment[]; bids: store.OpeningBid[] };

/** Longest single sleep while waiting on the server clock (a test clock may be moved meanwhile). */
const POLL_MS = 50;

/** The opening after the deadline (DESIGN §2, §5): seal and publish commitments, fail (流标) or decrypt. */
export function createOpeningService(deps: OpeningDeps) {
  const { db, clock, config, audit, bus, pki, tenders } = deps;
  return { onDeadline: onDeadline as OnDeadline, commitments, snapshot };

  /** The scheduler's hook. Idempotent: each stage skips what a previous (crashed) run recorded. */
  async function onDeadline(tenderId: string, { signal }: { signal: AbortSignal }): Promise<void> {
    const first = await findTender(db, tenderId);
    if (!first || first.status !== 'opening') {
      return;
    }
    if (first.sealedAt === null) {
      await waitUntil(first.bidDeadline + inFlightGraceMs(ruleSet(first.ruleSet ?? config.ruleSet)), signal);
      await inTransaction(db, (trx) => sealBids({ audit, bus }, trx, tenderId, clock.now().getTime()));
    }
    const t = await findTender(db, tenderId);
    if (!t || t.status !== 'opening') {
      return;
    }
    if (t.openingMode !== 'platform') {
      // TODO(#4): bidder mode (不见面开标): the decryption window opens here; another stage builds it.
      return;
    }
    await decryptAll(t, signal);
    await complete(tenderId);
  }

  /** Decrypts and checks every committed bid not yet recorded; one transaction per bid. */
  async function decryptAll(t: Tender, signal: AbortSignal): Promise<void> {
    const inForce = new Map((await listBidsInForce(db, t.id)).map((b) => [b.bidId, b]));
    const pending: { bid: BidInForce; sha256: string }[] = [];
    for (const c of await store.listCommitments(db, t.id)) {
      const bid = inForce.get(c.bidId);
      if (bid && !(await store.hasOpeningBid(db, t.id, c.bidId))) {
        pending.push({ bid, sha256: c.sha256 });
      }
    }
    if (pending.length === 0) {
      return;
    }
    const key = await openingKey(t, pending.length);
    for (const { bid, sha256 } of pending) {
      signal.throwIfAborted();
      const verdict = await examineBid({ storage: deps.storage, pki }, t, bid, sha256, key);
      const bidderOrganization = (await deps.findAccount(bid.bidderId))?.organizationName ?? null;
      await inTransaction(db, async (trx) => {
        if (await store.hasOpeningBid(trx, t.id, bid.bidId)) {
          return;
        }
        await store.insertOpeningBid(trx, { tenderId: t.id, bidId: bid.bidId, bidderId: bid.bidderId, bidderOrganization, ...verdict, decryptedAt: clock.now().getTime() });
        const audited = { bidId: bid.bidId, bidderOrganization, status: verdict.status, reason: verdict.reason, items: verdict.items };
        await audit.append(trx, { actor: null, tenderId: t.id, action: 'opening.bid-decrypted', payload: audited });
        const live = verdict.status === 'valid' ? { bidderOrganization, items: verdict.items } : { bidderOrganization, reason: verdict.reason };
        await bus.publish(trx, 'opening', t.id, verdict.status === 'valid' ? BID_REVEALED : BID_INVALID, live);
      });
    }
  }

  /** The opening key, refused by pki before bidDeadline; every use is on the audit trail. */
  async function openingKey(t: Tender, bids: number): Promise<OpeningKey> {
    const keyPem = await pki.openingPrivateKeyPem(t);
    const certPem = await pki.openingCertificatePem(t.id);
    await inTransaction(db, (trx) => audit.append(trx, { actor: null, tenderId: t.id, action: 'opening.key-used', payload: { bids } }));
    return { certPem, keyPem };
  }

  /** All bids recorded: opened, or failed when fewer than MIN_VALID_BIDS are valid. */
  async function complete(tenderId: string): Promise<void> {
    await inTransaction(db, async (trx) => {
      const t = await findTender(trx, tenderId, { lock: true });
      if (!t || t.status !== 'opening') {
        return;
      }
      const results = await store.listOpeningBids(trx, tenderId);
      const valid = results.filter((b) => b.status === 'valid').length;
      const now = clock.now().getTime();
      if (valid < MIN_VALID_BIDS) {
        await failTender({ audit, bus }, trx, t, `fewer than ${MIN_VALID_BIDS} valid bids at the opening (${valid} of ${results.length})`, now);
        return;
      }
      await updateTender(trx, tenderId, { status: 'opened', updatedAt: now });
      const payload = { valid, invalid: results.length - valid };
      await audit.append(trx, { actor: null, tenderId, action: 'opening.completed', payload });
      await bus.publish(trx, 'opening', tenderId, OPENING_COMPLETED, payload);
    });
  }

  /** Resolves once the server clock reaches `at`; rejects when the run is aborted. */
  async function waitUntil(at: number, signal: AbortSignal): Promise<void> {
    for (let left = at - clock.now().getTime(); left > 0; left = at - clock.now().getTime()) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => setTimeout(resolve, Math.min(left, POLL_MS)));
    }
    signal.throwIfAborted();
  }

  /** GET /tenders/:id/commitments: public once sealed, 404 before. */
  async function commitments(actor: Actor | null, tenderId: string): Promise<{ tender: Tender; commitments: store.Commitment[] }> {
    const tender = await tenders.getForActor(actor, tenderId);
    if (tender.sealedAt === null) {
      throw notFound('commitments');
    }
    return { tender, commitments: await store.listCommitments(db, tenderId) };
  }

  /** GET /tenders/:id/opening: participants see bids as they are revealed; the public once the opening is over. */
  async function snapshot(actor: Actor | null, tenderId: string): Promise<OpeningSnapshot> {
    const tender = await tenders.getForActor(actor, tenderId);
    if (tender.sealedAt === null) {
      return { tender, commitments: [], bids: [] };
    }
    const showBids = tender.status !== 'opening' || (await isParticipant(actor, tender));
    return { tender, commitments: await store.listCommitments(db, tenderId), bids: showBids ? await store.listOpeningBids(db, tenderId) : [] };
  }

  async function isParticipant(actor: Actor | null, t: Tender): Promise<boolean> {
    if (!actor) {
      return false;
    }
    if (actor.role === 'supervisor' || actor.role === 'admin' || isOwner(actor, t)) {
      return true;
    }
    return actor.role === 'bidder' && deps.isRegistered(db, t.id, actor.id);
  }
}
