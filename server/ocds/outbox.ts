import type { AuditService } from '../audit';
import { markChanged } from './store';

/**
 * The audit service, also marking a tender's OCDS releases for rebuilding in the transaction of every
 * public event about it: every change the export shows (publication, clarification, opening, failure,
 * candidates, award, cancellation, an issued public record) is audited in its own transaction, so the
 * mark commits with the change or not at all (a durable outbox). Sealed events (a bidder's
 * registration, question or bid) change nothing public and leave no mark, so no timing or row count
 * of the export moves with them. `afterCommit` runs once the transaction committed (the builder).
 */
export function markingOcdsChanges(audit: AuditService, afterCommit: () => void): AuditService {
  return {
    ...audit,
    async append(trx, input) {
      const seq = await audit.append(trx, input);
      if (input.tenderId && (input.visibility ?? 'public') === 'public') {
        await markChanged(trx, input.tenderId);
        const done = (trx as { executionPromise?: Promise<unknown> }).executionPromise;
        done?.then(afterCommit, () => undefined);
      }
      return seq;
    },
  };
}
