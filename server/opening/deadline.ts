import type { AuditService } from '../audit';
import { inTransaction, type Knex } from '../db';
import { acquireLease } from '../db/lease';
import type { EventBus } from '../realtime';
import { findTender, markOpeningIfDue } from '../tenders';
import { OPENING_STARTED, openingStarted } from './events';

export type DeadlineDeps = { db: Knex; audit: AuditService; bus: EventBus };

/** The lease naming the process that runs a tender's opening work (the onDeadline hook). */
export const RUN_LEASE_PREFIX = 'opening:';
export const runLeaseName = (tenderId: string): string => `${RUN_LEASE_PREFIX}${tenderId}`;

/**
 * Moves a due tender from `published` to `opening`, in one transaction with its audit event, its
 * live event and the run lease for `holder`. Returns false when the deadline has not come at `now`
 * or another process already started it: the conditional update decides, not timing.
 */
export async function startOpeningIfDue(deps: DeadlineDeps, tenderId: string, now: number, run: { holder: string; ttlMs: number }): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    if (!(await markOpeningIfDue(trx, tenderId, now))) {
      return false;
    }
    const tender = await findTender(trx, tenderId);
    if (!tender || !(await acquireLease(trx, runLeaseName(tenderId), run.holder, run.ttlMs, now))) {
      // Unreachable while leases are only made here; rolls the transition back rather than run twice.
      throw new Error(`opening run lease of ${tenderId} is held elsewhere`);
    }
    const payload = openingStarted(tender.bidDeadline, now);
    await deps.audit.append(trx, { actor: null, tenderId, action: 'opening.started', payload });
    await deps.bus.publish(trx, 'opening', tenderId, OPENING_STARTED, payload);
    return true;
  });
}
