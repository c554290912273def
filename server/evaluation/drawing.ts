import { createHmac } from 'node:crypto';
import { conflict } from '../http/errors';

/** An expert of the pool as the drawing sees it. */
export type DrawExpert = { userId: string; creditCode: string | null; specialties: readonly string[]; available: boolean };

/** An organization (by 统一社会信用代码) whose experts must step aside (回避), and why. */
export type DrawConflict = { creditCode: string; reason: string };

export type DrawInput = {
  /** hex; 32 random bytes in production */
  seed: string;
  experts: readonly DrawExpert[];
  specialties: readonly string[];
  conflicts: readonly DrawConflict[];
  size: number;
  reserves: number;
};

export type Exclusion = { userId: string; reason: string };

/**
 * members: seats 1..size in drawing order; reserves: the next ones (fewer than asked when the pool
 * is short); candidates: the eligible pool the draw ran over (sorted by id); exclusions: experts
 * otherwise eligible but excluded for a conflict of interest (回避), sorted by id.
 */
export type Draw = { members: string[]; reserves: string[]; candidates: string[]; exclusions: Exclusion[] };

const HEX_RE = /^(?:[0-9a-f]{2})+$/i;

/** The drawing key of one expert: HMAC-SHA256 keyed by the seed bytes over the user id (UTF-8), hex. */
export function drawKey(seed: string, userId: string): string {
  if (!HEX_RE.test(seed)) {
    throw new RangeError('the seed must be hex');
  }
  return createHmac('sha256', Buffer.from(seed, 'hex')).update(userId, 'utf8').digest('hex');
}

/**
 * The keyed shuffle: user ids by ascending drawKey (ties, which SHA-256 makes impossible in
 * practice, by id). Depends only on the seed and the set of ids, not on their order, so anyone
 * holding the audited seed and candidates can repeat the draw.
 */
export function drawOrder(seed: string, userIds: readonly string[]): string[] {
  const keyed = [...new Set(userIds)].map((id) => ({ id, key: drawKey(seed, id) }));
  keyed.sort((a, b) => compare(a.key, b.key) || compare(a.id, b.id));
  return keyed.map((k) => k.id);
}

/**
 * Draws a committee (专家抽取): eligible are available experts with at least one requested specialty
 * whose organization has no conflict; the first `size` of the keyed shuffle sit, the next `reserves`
 * stand by. Fewer eligible experts than `size` → 409 COMMITTEE_UNAVAILABLE. Pure and deterministic.
 */
export function drawCommittee(input: DrawInput): Draw {
  const wanted = new Set(input.specialties);
  const reasons = conflictReasons(input.conflicts);
  const seen = new Set<string>();
  const candidates: string[] = [];
  const exclusions: Exclusion[] = [];
  for (const e of input.experts) {
    // The first entry of a user id counts; a repeated one is ignored.
    if (seen.has(e.userId)) {
      continue;
    }
    seen.add(e.userId);
    if (!e.available || !e.specialties.some((s) => wanted.has(s))) {
      continue;
    }
    const reason = e.creditCode === null ? undefined : reasons.get(e.creditCode);
    if (reason === undefined) {
      candidates.push(e.userId);
    } else {
      exclusions.push({ userId: e.userId, reason });
    }
  }
  if (candidates.length < input.size) {
    throw conflict(
      'COMMITTEE_UNAVAILABLE',
      `Only ${candidates.length} eligible experts for a committee of ${input.size} (${exclusions.length} excluded for conflicts of interest)`,
    );
  }
  const order = drawOrder(input.seed, candidates);
  return {
    members: order.slice(0, input.size),
    reserves: order.slice(input.size, input.size + Math.max(0, input.reserves)),
    candidates: [...candidates].sort(compare),
    exclusions: exclusions.sort((a, b) => compare(a.userId, b.userId)),
  };
}

/** Credit code → the reasons of every conflict naming it, joined. */
function conflictReasons(conflicts: readonly DrawConflict[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of conflicts) {
    const prior = out.get(c.creditCode);
    if (prior === undefined) {
      out.set(c.creditCode, c.reason);
    } else if (!prior.split('; ').includes(c.reason)) {
      out.set(c.creditCode, `${prior}; ${c.reason}`);
    }
  }
  return out;
}

/** Code-unit order: the same everywhere (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
