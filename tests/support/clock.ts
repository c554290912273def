import type { Clock } from '../../server/clock';
import { T0 } from './test-app';

export type RunningClock = Clock & { runFrom(t: number): void; freeze(): void };

/** A server clock that stands at T0 while the world is built, then runs in real milliseconds from a chosen time. */
export function createRunningClock(): RunningClock {
  let base = T0;
  let startedAt: number | null = null;
  const now = (): number => (startedAt === null ? base : base + Math.floor(performance.now() - startedAt));
  return {
    now: () => new Date(now()),
    runFrom: (t) => {
      base = t;
      startedAt = performance.now();
    },
    /** Stands still where it is (tenders are built on a standing clock, as the rule set reads it twice). */
    freeze: () => {
      base = now();
      startedAt = null;
    },
  };
}
