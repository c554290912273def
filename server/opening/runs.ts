import type { AuditService } from '../audit';
import type { Clock } from '../clock';
import { inTransaction, type Knex } from '../db';
import { acquireLease, listExpiredLeases, releaseLease, renewLease } from '../db/lease';
import type { Logger } from '../logger';
import { findTender } from '../tenders';
import { RUN_LEASE_PREFIX, runLeaseName } from './deadline';

/**
 * The opening work after the deadline (commitments, decryption…), plugged in by the opening's
 * stages. It may run again after a crash, so it must be idempotent; `signal` aborts when this
 * process lost the run lease (another process is taking over).
 */
export type OnDeadline = (tenderId: string, run: { signal: AbortSignal }) => Promise<void>;

export type RunDeps = {
  db: Knex; clock: Clock; log: Logger; audit: AuditService; holder: string; ttlMs: number; onDeadline: OnDeadline;
  /** Told when a run failed (metrics); the run is retried when its lease expires. */
  onRunFailed?: () => void;
};

/**
 * Runs onDeadline under the tender's lease, renewed while it runs and released when it succeeds.
 * A run whose holder died (or failed) leaves its lease to expire; resumeExpired() takes it over.
 */
export function createOpeningRuns({ db, clock, log, audit, holder, ttlMs, onDeadline, onRunFailed }: RunDeps) {
  const running = new Map<string, Promise<void>>();
  return { launch, resumeExpired, settled, isRunning: (tenderId: string) => running.has(tenderId) };

  /** Runs the hook for a tender whose lease this process holds (no-op when already running here). */
  function launch(tenderId: string): void {
    if (running.has(tenderId)) {
      return;
    }
    const done = run(tenderId).finally(() => running.delete(tenderId));
    running.set(tenderId, done);
  }

  async function run(tenderId: string): Promise<void> {
    const lease = runLeaseName(tenderId);
    const lost = new AbortController();
    const renewal = setInterval(() => {
      renewLease(db, lease, holder, ttlMs, clock.now().getTime())
        .then((held) => (held ? undefined : lost.abort(new Error('opening run lease lost'))))
        .catch((err: unknown) => log.warn({ err, tenderId }, 'opening lease renewal failed'));
    }, Math.max(1, Math.floor(ttlMs / 3)));
    renewal.unref();
    try {
      await onDeadline(tenderId, { signal: lost.signal });
      clearInterval(renewal);
      await releaseLease(db, lease, holder);
    } catch (err) {
      clearInterval(renewal);
      log.error({ err, tenderId }, 'opening run failed; retried when its lease expires');
      onRunFailed?.();
    }
  }

  /** Takes over runs whose lease expired (holder crashed or failed) for tenders still `opening`. */
  async function resumeExpired(now: number): Promise<string[]> {
    const resumed: string[] = [];
    for (const lease of await listExpiredLeases(db, RUN_LEASE_PREFIX, now)) {
      const tenderId = lease.name.slice(RUN_LEASE_PREFIX.length);
      if (running.has(tenderId) || !(await acquireLease(db, lease.name, holder, ttlMs, now))) {
        continue;
      }
      const tender = await findTender(db, tenderId);
      if (tender?.status !== 'opening') {
        await releaseLease(db, lease.name, holder);
        continue;
      }
      await inTransaction(db, (trx) =>
        audit.append(trx, { actor: null, tenderId, action: 'opening.resumed', payload: { leaseExpiredAt: new Date(lease.expiresAt).toISOString() } }),
      );
      log.warn({ tenderId, previousHolder: lease.holder }, 'opening run resumed');
      launch(tenderId);
      resumed.push(tenderId);
    }
    return resumed;
  }

  /** Resolves when every run started so far has finished (tests; graceful stop). */
  async function settled(): Promise<void> {
    while (running.size > 0) {
      await Promise.all(running.values());
    }
  }
}
