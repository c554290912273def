/**
 * The scoring arithmetic the room shows while members type (display only: the server computes the
 * real aggregate, server/evaluation/scoring.ts, and sends it as decimal strings). Here scores and weights
 * are integers in hundredths, prices in fen, and the one division (价格分 = 基准价 / 报价 × 权重) rounds half up on BigInt.
 */
import type { Criterion } from '../api/types';
import type { EvalBid, ScoreEntry } from './eval-types';
import { bidPrice } from './eval-view';

/** A score as members type it: at most 3 digits before and 2 after the point. */
const HUNDREDTHS_RE = /^(\d{1,3})(?:\.(\d{1,2}))?$/;
const YUAN_RE = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250; null when malformed. */
export function parseHundredths(text: string): number | null {
  const m = HUNDREDTHS_RE.exec(text.trim());
  if (!m) {
    return null;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 9180 → "91.80". */
export function formatHundredths(hundredths: number | null | undefined): string {
  if (hundredths === null || hundredths === undefined || !Number.isSafeInteger(hundredths) || hundredths < 0) {
    return '—';
  }
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** A typed number (InputNumber's value) → hundredths, half up; null when empty or not a number. */
export function numberToHundredths(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) {
    return null;
  }
  return Math.round(value * 100 + 1e-9);
}

/** "1234567.5" → 123456750 fen; null when not a price. */
export function yuanToFen(yuan: string | null): bigint | null {
  const m = yuan === null ? null : YUAN_RE.exec(yuan.trim());
  if (!m) {
    return null;
  }
  return BigInt(m[1] as string) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** Fen → "1234567.50" (for the Money component). */
export function fenToYuan(fen: number | bigint): string {
  const f = BigInt(fen);
  return `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;
}

/** 基准价: the lowest price among the given (compliant) bids; null without a priced bid. */
export function basePriceFen(bids: readonly Pick<EvalBid, 'items'>[]): bigint | null {
  let base: bigint | null = null;
  for (const b of bids) {
    const fen = yuanToFen(bidPrice(b));
    if (fen !== null && fen > 0n && (base === null || fen < base)) {
      base = fen;
    }
  }
  return base;
}

/** 价格分 = base / price × weight in hundredths, half up; null when a price is missing. */
export function priceScore(priceFen: bigint | null, baseFen: bigint | null, weight: number): number | null {
  if (priceFen === null || baseFen === null || priceFen <= 0n) {
    return null;
  }
  const n = baseFen * BigInt(weight);
  return Number((2n * n + priceFen) / (2n * priceFen));
}

/** The cell key of a bid × criterion (or compliance item). */
export const cellKey = (bid: string, key: string): string => `${bid}:${key}`;

/** A member's typed scores, hundredths by cell; null cells are not typed yet. */
export type ScoreDraft = Record<string, number | null>;

/** The draft from the member's saved scores ("12.50" → 1250). */
export function draftFromScores(mine: readonly ScoreEntry[]): ScoreDraft {
  return Object.fromEntries(mine.map((e) => [cellKey(e.bid, e.criterion), parseHundredths(e.score)]));
}

/** The criteria members type (everything but the computed price score). */
export function typedCriteria(criteria: readonly Criterion[]): Criterion[] {
  return criteria.filter((c) => c.kind !== 'price');
}

/** A criterion's weight "40" → 4000 hundredths. */
export function weightOf(c: Pick<Criterion, 'weight'>): number {
  return parseHundredths(c.weight) ?? 0;
}

export type BidTotal = { bid: string; price: number | null; typed: number; total: number; complete: boolean };

/** Live totals per bid: typed scores plus the computed price score; complete when every cell is typed. */
export function liveTotals(criteria: readonly Criterion[], bids: readonly EvalBid[], draft: ScoreDraft): BidTotal[] {
  const base = basePriceFen(bids);
  const priceCriteria = criteria.filter((c) => c.kind === 'price');
  return bids.map((b) => {
    const fen = yuanToFen(bidPrice(b));
    const price = priceCriteria.reduce<number | null>((sum, c) => {
      const s = priceScore(fen, base, weightOf(c));
      return sum === null || s === null ? null : sum + s;
    }, 0);
    const cells = typedCriteria(criteria).map((c) => draft[cellKey(b.sha256, c.key)] ?? null);
    const typed = cells.reduce<number>((sum, s) => sum + (s ?? 0), 0);
    return { bid: b.sha256, price, typed, total: typed + (price ?? 0), complete: cells.every((s) => s !== null) };
  });
}

/** The draft's typed cells as PUT /evaluation/scores entries; out-of-range cells are left out and listed. */
export function scoreEntries(criteria: readonly Criterion[], bids: readonly EvalBid[], draft: ScoreDraft): { entries: { bid: string; criterion: string; score: string }[]; outOfRange: string[] } {
  const entries: { bid: string; criterion: string; score: string }[] = [];
  const outOfRange: string[] = [];
  for (const b of bids) {
    for (const c of typedCriteria(criteria)) {
      const s = draft[cellKey(b.sha256, c.key)];
      if (s === null || s === undefined) {
        continue;
      }
      if (s < 0 || s > weightOf(c)) {
        outOfRange.push(cellKey(b.sha256, c.key));
        continue;
      }
      entries.push({ bid: b.sha256, criterion: c.key, score: formatHundredths(s) });
    }
  }
  return { entries, outOfRange };
}
