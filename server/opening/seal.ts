import type { AuditService } from '../audit';
import { listBidsInForce } from '../bids';
import type { Knex } from '../db';
import { fromMs, fromMsOrNull } from '../db/convert';
import type { EventBus } from '../realtime';
import { decryptionWindowMs, findTender, updateTender, MIN_VALID_BIDS, type RuleSet, type Tender } from '../tenders';
import { COMMITMENTS_PUBLISHED, DECRYPTION_STARTED, SIGN_INS_PUBLISHED, TENDER_FAILED } from './events';
import * as store from './store';

export type SealDeps = { audit: AuditService; bus: EventBus };

/**
 * In one transaction under the tender's row lock (the bids service re-checks sealedAt under the
 * same lock, so no bid commits after this): fixes the bids in force, stores and publishes their
 * commitments (sha256 order: no names, no order of arrival), opens the hall's session (the sign-ins
 * become visible; bidder mode: the decryption window), and fails the tender (流标) when fewer than
 * MIN_VALID_BIDS are in force. A no-op when already sealed. Returns the tender as left.
 */
export async function sealBids(deps: SealDeps, trx: Knex.Transaction, tenderId: string, now: number, rules: RuleSet): Promise<Tender> {
  const t = await findTender(trx, tenderId, { lock: true });
  if (!t || t.status !== 'opening' || t.sealedAt !== null) {
    return t as Tender;
  }
  const bids = await listBidsInForce(trx, tenderId);
  const commitments = [...bids]
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : a.bidId < b.bidId ? -1 : 1))
    .map((b, position) => ({ position, sha256: b.sha256, size: b.size, bidId: b.bidId, bidVersion: b.version }));
  await store.insertCommitments(trx, tenderId, commitments);
  await updateTender(trx, tenderId, { sealedAt: now, updatedAt: now });
  const payload = { sealedAt: fromMs(now), count: commitments.length, commitments: commitments.map(({ sha256, size }) => ({ sha256, size })) };
  await deps.audit.append(trx, { actor: null, tenderId, action: 'opening.sealed', payload });
  await deps.bus.publish(trx, 'opening', tenderId, COMMITMENTS_PUBLISHED, payload);

  const signIns = await store.listSignIns(trx, tenderId);
  await deps.bus.publish(trx, 'opening', tenderId, SIGN_INS_PUBLISHED, {
    count: signIns.length,
    bidders: signIns.map((s) => ({ bidderOrganization: s.bidderOrganization, signedInAt: fromMs(s.signedInAt) })),
  });
  const decryptionEndsAt = t.openingMode === 'bidder' ? t.bidDeadline + decryptionWindowMs(rules, t.decryptionWindowMinutes) : null;
  await store.insertSession(trx, { tenderId, openingMode: t.openingMode, decryptionEndsAt, recordReadyAt: null, confirmationEndsAt: null, endedAt: null, pausedAt: null, pauseReason: null });

  const sealed = { ...t, sealedAt: now, updatedAt: now };
  if (commitments.length < MIN_VALID_BIDS) {
    return failTender(deps, trx, sealed, `fewer than ${MIN_VALID_BIDS} bids in force at the opening (${commitments.length}); 招标投标法 art. 28 / 实施条例 art. 44`, now);
  }
  const started = { openingMode: t.openingMode, decryptionEndsAt: fromMsOrNull(decryptionEndsAt), total: commitments.length };
  await deps.audit.append(trx, { actor: null, tenderId, action: 'opening.decryption-started', payload: started });
  await deps.bus.publish(trx, 'opening', tenderId, DECRYPTION_STARTED, started);
  return sealed;
}

/** opening → failed (流标) with the reason on record, its audit event and live event; ends the session; in the caller's transaction. */
export async function failTender(deps: SealDeps, trx: Knex.Transaction, t: Tender, reason: string, now: number): Promise<Tender> {
  await updateTender(trx, t.id, { status: 'failed', failedAt: now, failureReason: reason, updatedAt: now });
  await store.updateSession(trx, t.id, { endedAt: now });
  const payload = { reason, failedAt: fromMs(now) };
  await deps.audit.append(trx, { actor: null, tenderId: t.id, action: 'tender.failed', payload });
  await deps.bus.publish(trx, 'opening', t.id, TENDER_FAILED, payload);
  return { ...t, status: 'failed', failedAt: now, failureReason: reason, updatedAt: now };
}
