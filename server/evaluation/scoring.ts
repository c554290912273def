/**
 * The arithmetic of the evaluation (DESIGN §2, api-contracts issue 5): means, 价格分, totals, deviation
 * flags and the ranking. Pure and exact: scores and weights are integers in hundredths ("12.50" → 1250,
 * weight "40" → 4000), prices integers in fen, the deviation share integer basis points (0.2 → 2000).
 *
 * Rounding: a division is the only inexact step, and every one rounds half up to the hundredth
 * (15.625 → 15.63, 15.624… → 15.62). Every value is non-negative, so half up is half away from zero:
 * round(n / d) = floor((2n + d) / 2d), computed on BigInt. Sums of rounded values are exact.
 */
import { HttpError, type FieldIssue } from '../http/errors';
import type { Criterion } from '../tenders';

export type EvaluationMethod = 'comprehensive' | 'lowest_price';
export type PricedBid = { bid: string; priceFen: number };
/** One member's score of one bid on one non-price criterion, in hundredths. */
export type ScoreEntry = { member: string; bid: string; criterion: string; score: number };
export type ScoreCell = Pick<ScoreEntry, 'bid' | 'criterion'>;
export type AggregateInput = {
  criteria: readonly Criterion[];
  /** Every bid still in the evaluation with its opened price; at least the compliant ones. */
  bids: readonly PricedBid[];
  compliant: readonly string[];
  members: readonly string[];
  scores: readonly ScoreEntry[];
  /** EVALUATION_DEVIATION_SHARE in basis points of the weight: 2000 = 0.2 (see shareToBasisPoints). */
  deviationShareBp: number;
};
export type CriterionResult = { criterion: string; kind: Criterion['kind']; weight: number; mean: number };
export type BidResult = { bid: string; priceFen: number; criteria: CriterionResult[]; subjectiveTotal: number; total: number };
export type Flag = { member: string; bid: string; criterion: string; score: number; mean: number };
export type Aggregation = { baseFen: number | null; results: BidResult[]; flags: Flag[] };
export type RankedBid = { rank: number; bid: string; priceFen: number; total: number | null };
export type Ranking = { ranking: RankedBid[]; candidates: RankedBid[] };

/** 中标候选人: the first three of the ranking (招标投标法实施条例 art. 55: no more than three). */
export const CANDIDATE_COUNT = 3;
/** All weights of a comprehensive evaluation sum to 100.00. */
export const TOTAL_WEIGHT = 10_000;

const HUNDREDTHS_RE = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "12.50" → 1250 (hundredths); at most 3 digits before and 2 after the point, no sign; RangeError otherwise. */
export function parseScore(text: string): number {
  return parseHundredths(text, 'score');
}

/** A criterion weight "40" / "12.5" → 4000 / 1250 (hundredths), as parseScore. */
export function parseWeight(text: string): number {
  return parseHundredths(text, 'weight');
}

/** 1250 (hundredths) → "12.50". */
export function formatScore(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths) || hundredths < 0) {
    throw new RangeError(`not a non-negative number of hundredths: ${hundredths}`);
  }
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** A weight in hundredths → "40.00", as formatScore. */
export const formatWeight = formatScore;

/** Why a typed score is refused for a criterion of `weight` hundredths, or null when it is fine. */
export function checkScore(text: string, weight: number): string | null {
  if (!HUNDREDTHS_RE.test(text)) {
    return 'a score such as "12.50": at most 2 decimals';
  }
  return parseScore(text) <= weight ? null : `must be within [0, ${formatWeight(weight)}]`;
}

/** The config's share (0.2) → basis points (2000); the one float at the edge, rounded once. */
export function shareToBasisPoints(share: number): number {
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new RangeError(`not a share within [0, 1]: ${share}`);
  }
  return Math.round(share * 10_000);
}

/** n / d rounded half up, for n ≥ 0 and d > 0. */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** The mean of scores in hundredths, half up to the hundredth. */
export function meanOf(scores: readonly number[]): number {
  if (scores.length === 0) {
    throw new RangeError('the mean of no scores');
  }
  const sum = scores.reduce((a, b) => a + BigInt(b), 0n);
  return Number(divideHalfUp(sum, BigInt(scores.length)));
}

/**
 * 价格分 = 基准价 / 报价 × weight (DESIGN §2) in hundredths, half up. The base is the lowest price among
 * compliant bids, so base ≤ price and the lowest price scores exactly the weight.
 */
export function priceScore(priceFen: number, baseFen: number, weight: number): number {
  if (![priceFen, baseFen, weight].every(Number.isSafeInteger) || baseFen <= 0 || baseFen > priceFen || weight < 0) {
    throw new RangeError(`not a price score: price ${priceFen}, base ${baseFen}, weight ${weight}`);
  }
  // NOTE: base × weight reaches 10^19 (a 10^13-yuan base, weight 100), beyond 2^53: BigInt.
  return Number(divideHalfUp(BigInt(baseFen) * BigInt(weight), BigInt(priceFen)));
}

/** What one member still has to score: every compliant bid × non-price criterion without an entry. */
export function missingScores(criteria: readonly Criterion[], compliant: readonly string[], entries: readonly ScoreCell[]): ScoreCell[] {
  const scored = new Set(entries.map((e) => cellOf(e.bid, e.criterion)));
  const scoredCriteria = criteria.filter((c) => c.kind !== 'price').map((c) => c.key);
  return compliant.flatMap((bid) => scoredCriteria.filter((criterion) => !scored.has(cellOf(bid, criterion))).map((criterion) => ({ bid, criterion })));
}

/**
 * 综合评分法 for the compliant bids, in the order of `bids`: per criterion the mean of every member's
 * score (price computed, never typed), the total as the sum of the means, and a flag for every score
 * further than share × weight from the published (rounded) mean, strictly. Flags are ordered by bid,
 * criterion, then member id, so the result does not depend on the order of members or entries.
 * Throws 400 VALIDATION for inconsistent input (weights not summing to 100, unknown ids, scores out
 * of range or on the price criterion) and 409 EVALUATION_STAGE listing every missing score.
 */
export function aggregate(input: AggregateInput): Aggregation {
  const weights = checkInput(input);
  const cells = new Map<string, Map<string, number>>();
  for (const s of input.scores) {
    const cell = cells.get(cellOf(s.bid, s.criterion)) ?? new Map<string, number>();
    cells.set(cellOf(s.bid, s.criterion), cell.set(s.member, s.score));
  }
  const compliant = new Set(input.compliant);
  const bids = input.bids.filter((b) => compliant.has(b.bid));
  const baseFen = bids.length > 0 ? Math.min(...bids.map((b) => b.priceFen)) : null;
  const members = [...input.members].sort(compareIds);
  const flags: Flag[] = [];
  const results = bids.map((b): BidResult => {
    const criteria = input.criteria.map((c): CriterionResult => {
      const weight = weights.get(c.key) ?? 0;
      if (c.kind === 'price') {
        return { criterion: c.key, kind: c.kind, weight, mean: priceScore(b.priceFen, baseFen ?? b.priceFen, weight) };
      }
      const cell = cells.get(cellOf(b.bid, c.key)) ?? new Map<string, number>();
      const mean = meanOf(members.map((m) => cell.get(m) ?? 0));
      for (const member of members) {
        const score = cell.get(member) ?? 0;
        if (isDeviating(score, mean, weight, input.deviationShareBp)) {
          flags.push({ member, bid: b.bid, criterion: c.key, score, mean });
        }
      }
      return { criterion: c.key, kind: c.kind, weight, mean };
    });
    const sum = (list: CriterionResult[]): number => list.reduce((a, r) => a + r.mean, 0);
    return { bid: b.bid, priceFen: b.priceFen, criteria, subjectiveTotal: sum(criteria.filter((r) => r.kind === 'subjective')), total: sum(criteria) };
  });
  return { baseFen, results, flags };
}

/** |score − mean| > share × weight, compared exactly: |score − mean| × 10000 > bp × weight. */
export function isDeviating(score: number, mean: number, weight: number, deviationShareBp: number): boolean {
  return Math.abs(score - mean) * 10_000 > deviationShareBp * weight;
}

/**
 * The ranking, numbered 1…n, and the candidates (its first three). comprehensive: total desc, then the
 * lower price, then the higher sum of subjective means, then the bid id (a full tie is ordered by id
 * only so that the ranking is reproducible). lowest_price: price asc, then bid id; total is null.
 * Pass the compliant bids only (aggregate's results are).
 */
export function rank(method: EvaluationMethod, results: readonly BidResult[]): Ranking;
export function rank(method: 'lowest_price', bids: readonly PricedBid[]): Ranking;
export function rank(method: EvaluationMethod, bids: readonly (PricedBid | BidResult)[]): Ranking {
  if (new Set(bids.map((b) => b.bid)).size !== bids.length) {
    throw new RangeError('a bid is ranked twice');
  }
  const sorted = [...bids].sort((a, b) => {
    if (method === 'comprehensive') {
      const x = a as BidResult;
      const y = b as BidResult;
      return y.total - x.total || x.priceFen - y.priceFen || y.subjectiveTotal - x.subjectiveTotal || compareIds(x.bid, y.bid);
    }
    return a.priceFen - b.priceFen || compareIds(a.bid, b.bid);
  });
  const total = (b: PricedBid | BidResult): number | null => (method === 'comprehensive' ? (b as BidResult).total : null);
  const ranking = sorted.map((b, i): RankedBid => ({ rank: i + 1, bid: b.bid, priceFen: b.priceFen, total: total(b) }));
  return { ranking, candidates: ranking.slice(0, CANDIDATE_COUNT) };
}

/** Validates the input of aggregate; returns the weights by criterion key. */
function checkInput(input: AggregateInput): Map<string, number> {
  const issues: FieldIssue[] = [];
  const weights = checkWeights(input.criteria, issues);
  const priced = new Set(input.bids.map((b) => b.bid));
  checkUnique(input.bids.map((b) => b.bid), 'bids', issues);
  input.bids.forEach((b, i) => {
    if (!Number.isSafeInteger(b.priceFen) || b.priceFen <= 0) {
      issues.push({ path: `bids.${i}.priceFen`, message: 'must be a positive integer (fen)' });
    }
  });
  checkUnique(input.compliant, 'compliant', issues);
  input.compliant.forEach((bid, i) => {
    if (!priced.has(bid)) {
      issues.push({ path: `compliant.${i}`, message: `bid ${bid} has no price` });
    }
  });
  checkUnique(input.members, 'members', issues);
  if (input.members.length === 0) {
    issues.push({ path: 'members', message: 'the committee has no members' });
  }
  if (!Number.isSafeInteger(input.deviationShareBp) || input.deviationShareBp < 0 || input.deviationShareBp > 10_000) {
    issues.push({ path: 'deviationShareBp', message: 'must be an integer within [0, 10000] basis points' });
  }
  checkScores(input, weights, issues);
  if (issues.length > 0) {
    throw new HttpError(400, 'VALIDATION', 'The evaluation input is not consistent', issues);
  }
  const missing = input.members.flatMap((member) =>
    missingScores(input.criteria, input.compliant, input.scores.filter((s) => s.member === member)).map((m) => ({
      path: 'scores',
      message: `member ${member} has not scored bid ${m.bid} on ${m.criterion}`,
    })),
  );
  if (missing.length > 0) {
    throw new HttpError(409, 'EVALUATION_STAGE', `${missing.length} score(s) are missing`, missing);
  }
  return weights;
}

/** Comprehensive criteria: unique keys, exactly one price criterion, weights summing to 100. */
function checkWeights(criteria: readonly Criterion[], issues: FieldIssue[]): Map<string, number> {
  const weights = new Map<string, number>();
  criteria.forEach((c, i) => {
    try {
      weights.set(c.key, parseWeight(c.weight));
    } catch {
      issues.push({ path: `criteria.${i}.weight`, message: `not a weight: ${c.weight}` });
    }
  });
  checkUnique(criteria.map((c) => c.key), 'criteria', issues);
  if (criteria.filter((c) => c.kind === 'price').length !== 1) {
    issues.push({ path: 'criteria', message: 'comprehensive scoring needs exactly one price criterion' });
  }
  const total = [...weights.values()].reduce((a, w) => a + w, 0);
  if (total !== TOTAL_WEIGHT) {
    issues.push({ path: 'criteria', message: `weights must sum to 100 (now ${formatWeight(total)})` });
  }
  return weights;
}

function checkScores(input: AggregateInput, weights: Map<string, number>, issues: FieldIssue[]): void {
  const compliant = new Set(input.compliant);
  const members = new Set(input.members);
  const kinds = new Map(input.criteria.map((c) => [c.key, c.kind]));
  const seen = new Set<string>();
  input.scores.forEach((s, i) => {
    const at = `scores.${i}`;
    const kind = kinds.get(s.criterion);
    const weight = weights.get(s.criterion) ?? 0;
    if (!members.has(s.member)) {
      issues.push({ path: `${at}.member`, message: `${s.member} is not a member` });
    }
    if (!compliant.has(s.bid)) {
      issues.push({ path: `${at}.bid`, message: `bid ${s.bid} is not compliant` });
    }
    if (kind === undefined || kind === 'price') {
      issues.push({ path: `${at}.criterion`, message: kind ? 'the price criterion is computed, not scored' : `no criterion ${s.criterion}` });
    } else if (!Number.isSafeInteger(s.score) || s.score < 0 || s.score > weight) {
      issues.push({ path: `${at}.score`, message: `must be hundredths within [0, ${weight}] (≤ ${formatWeight(weight)})` });
    }
    const key = `${s.member}\n${cellOf(s.bid, s.criterion)}`;
    if (seen.has(key)) {
      issues.push({ path: at, message: `member ${s.member} scored bid ${s.bid} on ${s.criterion} twice` });
    }
    seen.add(key);
  });
}

function checkUnique(ids: readonly string[], path: string, issues: FieldIssue[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      issues.push({ path: `${path}.${i}`, message: `${id} appears twice` });
    }
    seen.add(id);
  });
}

function parseHundredths(text: string, what: string): number {
  const m = HUNDREDTHS_RE.exec(text);
  if (!m) {
    throw new RangeError(`not a ${what} with at most 2 decimals: ${text}`);
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// NOTE: code-unit order, not localeCompare: the same on every server whatever its locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// NOTE: bid ids (sha256 hex) and criterion keys hold no newline.
function cellOf(bid: string, criterion: string): string {
  return `${bid}\n${criterion}`;
}
