import os from 'node:os';
import type { AuditService } from '../audit';
import type { Clock } from '../clock';
import type { Knex } from '../db';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { EventBus } from '../realtime';
import { listDueForOpening, nextBidDeadline } from '../tenders';
import { acquireLease } from '../db/lease';
import { runLeaseName, startOpeningIfDue } from './deadline';
import { createOpeningRuns, type OnDeadline } from './runs';

export type OpeningSchedulerDeps = {
  db: Knex;
  clock: Clock;
  log: Logger;
  audit: AuditService;
  bus: EventBus;
  onDeadline?: OnDeadline;
  /** Tenders in `opening` whose hall has work due at `now` (a window closed): onDeadline runs again for them. */
  dueSessions?: (now: number) => Promise<string[]>;
  /** The next window end ahead of `now` (timer), or null. */
  nextSessionDue?: (now: number) => Promise<number | null>;
  /** How often the database is read again (tenders published or postponed by another process). */
  pollMs?: number;
  /** Run lease lifetime: how long a crashed process keeps others from resuming its opening. */
  leaseTtlMs?: number;
  /** This process's name in leases; unique per scheduler. */
  holder?: string;
  /** Told when an opening run failed (it is retried when its lease expires). */
  onRunFailed?: () => void;
};

export type OpeningScheduler = ReturnType<typeof createOpeningScheduler>;

/**
 * Starts each tender's opening at its bidDeadline by the server clock (DESIGN §2), exactly once
 * however many processes run a scheduler: one timer for the nearest deadline, re-armed from the
 * database on start, after each pass and every pollMs.
 */
export function createOpeningScheduler(deps: OpeningSchedulerDeps) {
  const { db, clock, log, pollMs = 5000, leaseTtlMs = 30_000 } = deps;
  const holder = deps.holder ?? `${os.hostname()}/${process.pid}/${newId()}`;
  const runs = createOpeningRuns({ db, clock, log, audit: deps.audit, holder, ttlMs: leaseTtlMs, onDeadline: deps.onDeadline ?? (async () => undefined), onRunFailed: deps.onRunFailed });
  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<void> | null = null;
  let running = false;
  return { start, stop, runDue, settled: runs.settled, holder };

  /** Opens what is already due (e.g. the deadline passed while no process ran), then arms the timer. */
  async function start(): Promise<void> {
    running = true;
    await tick();
  }

  /** Disarms the timer and waits for the current pass and the runs this process holds. */
  async function stop(): Promise<void> {
    running = false;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    await pass;
    await runs.settled();
  }

  /** One pass at clock.now(): starts every due opening this process wins, resumes abandoned runs; returns the started tender ids. */
  async function runDue(): Promise<string[]> {
    return runDueAt(clock.now().getTime());
  }

  async function runDueAt(now: number): Promise<string[]> {
    const started: string[] = [];
    for (const tender of await listDueForOpening(db, now)) {
      try {
        if (await startOpeningIfDue(deps, tender.id, now, { holder, ttlMs: leaseTtlMs })) {
          log.info({ tenderId: tender.id, bidDeadline: tender.bidDeadline, lateMs: now - tender.bidDeadline }, 'opening started');
          started.push(tender.id);
          runs.launch(tender.id);
        }
      } catch (err) {
        log.error({ err, tenderId: tender.id }, 'opening start failed; retried on the next pass');
      }
    }
    for (const tenderId of (await deps.dueSessions?.(now)) ?? []) {
      // A window closed (bidder decryption, confirmation): run the opening's next step once, under its lease.
      if (!runs.isRunning(tenderId) && (await acquireLease(db, runLeaseName(tenderId), holder, leaseTtlMs, now))) {
        runs.launch(tenderId);
      }
    }
    await runs.resumeExpired(now);
    return started;
  }

  async function tick(): Promise<void> {
    timer = null;
    if (!running) {
      return;
    }
    pass = nextDelay().then(arm);
    await pass;
  }

  async function nextDelay(): Promise<number> {
    try {
      const passAt = clock.now().getTime();
      await runDueAt(passAt);
      const deadline = await nextBidDeadline(db);
      const session = (await deps.nextSessionDue?.(passAt)) ?? null;
      const next = deadline === null ? session : session === null ? deadline : Math.min(deadline, session);
      if (next === null) {
        return pollMs;
      }
      if (next <= passAt) {
        // Due at this pass and still published: its start failed. Retry calmly instead of spinning.
        return Math.min(pollMs, 1000);
      }
      // The timer may wake a little early; the next pass then finds nothing due and re-arms.
      return Math.min(pollMs, Math.max(0, next - clock.now().getTime()));
    } catch (err) {
      log.error({ err }, 'opening scheduler pass failed');
      return Math.min(pollMs, 1000);
    }
  }

  function arm(delay: number): void {
    if (running) {
      timer = setTimeout(() => void tick(), delay);
    }
  }
}
