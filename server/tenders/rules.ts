import type { RuleSetName } from '../config';
import type { Category, Criterion, ProcurementMethod } from './schema';

/**
 * Legal minimum periods, in days (DESIGN §2). cn-law counts real days; sandbox counts every
 * day as one second, so a training tender may open 20 s after publication.
 *   招标投标法 art. 24 / 政府采购法实施条例: ≥20 days from documents to bid deadline (open, invited);
 *   招标投标法实施条例 art. 16: documents available ≥5 days;
 *   招标投标法 art. 23: clarifications/amendments that may affect bids ≥15 days before the deadline;
 *   87号令 / 政府采购非招标采购方式管理办法: competitive negotiation and inquiry ≥3 days,
 *   their clarifications ≥3 days before the deadline;
 *   招标投标法实施条例 art. 54: candidate publicity ≥3 days; fewer than 3 bids → failed.
 */
export const LEGAL_DAYS = {
  documentsToDeadline: { open: 20, invited: 20, competitive_negotiation: 3, inquiry: 3 } as Record<ProcurementMethod, number>,
  documentAvailability: 5,
  amendmentLead: { open: 15, invited: 15, competitive_negotiation: 3, inquiry: 3 } as Record<ProcurementMethod, number>,
  publicity: 3,
};

export const MIN_VALID_BIDS = 3;

export type RuleSet = { name: RuleSetName; dayMs: number };

/**
 * How long the opening waits after bidDeadline before it fixes the bids in force: a bid whose last
 * byte arrived before the deadline still commits meanwhile (DESIGN §2 'even when the server is busy').
 */
export function inFlightGraceMs(rules: RuleSet): number {
  return rules.name === 'sandbox' ? 1000 : 30_000;
}

/**
 * How long bidders have to confirm the opening record or object (异议) once it is ready
 * (招标投标法实施条例 art. 44: objections to the opening are raised in the hall, answered on the spot).
 */
export function confirmationWindowMs(rules: RuleSet): number {
  return rules.name === 'sandbox' ? 30_000 : 30 * 60_000;
}

/**
 * The decryption window of a bidder-mode opening (不见面开标): decryptionWindowMinutes in cn-law;
 * in the sandbox every minute is one second, like every day.
 */
export function decryptionWindowMs(rules: RuleSet, minutes: number): number {
  return rules.name === 'sandbox' ? minutes * 1000 : minutes * 60_000;
}

/** The rule set by name: its day length is the only difference. */
export function ruleSet(name: RuleSetName): RuleSet {
  return { name, dayMs: name === 'sandbox' ? 1000 : 24 * 3600 * 1000 };
}

export type ScheduleInput = {
  procurementMethod: ProcurementMethod;
  category: Category;
  registrationDeadline: number;
  bidDeadline: number;
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: Criterion[];
  openingItems: string[];
};

export type RuleViolation = { path: string; message: string };

/** Checks a tender about to be published at `now` (documents available from now). */
export function checkPublication(rules: RuleSet, t: ScheduleInput, now: number): RuleViolation[] {
  const out: RuleViolation[] = [];
  const days = (n: number): number => n * rules.dayMs;
  const minToDeadline = LEGAL_DAYS.documentsToDeadline[t.procurementMethod];
  if (t.bidDeadline < now + days(minToDeadline)) {
    out.push({ path: 'bidDeadline', message: `must be at least ${minToDeadline} ${unit(rules)} after publication (${t.procurementMethod})` });
  }
  if (t.registrationDeadline < now + days(LEGAL_DAYS.documentAvailability)) {
    out.push({ path: 'registrationDeadline', message: `documents must be available at least ${LEGAL_DAYS.documentAvailability} ${unit(rules)}` });
  }
  if (t.registrationDeadline > t.bidDeadline) {
    out.push({ path: 'registrationDeadline', message: 'must not be after bidDeadline' });
  }
  if (!t.openingItems.includes('price')) {
    out.push({ path: 'openingItems', message: 'must include "price"' });
  }
  out.push(...checkCriteria(t));
  return out;
}

/** Criteria: keys unique; comprehensive scoring needs one price criterion and weights summing to 100. */
export function checkCriteria(t: Pick<ScheduleInput, 'category' | 'evaluationMethod' | 'criteria'>): RuleViolation[] {
  const out: RuleViolation[] = [];
  const keys = new Set<string>();
  t.criteria.forEach((c, i) => {
    if (keys.has(c.key)) {
      out.push({ path: `criteria.${i}.key`, message: `duplicate key "${c.key}"` });
    }
    keys.add(c.key);
  });
  if (t.evaluationMethod !== 'comprehensive') {
    return out;
  }
  const prices = t.criteria.filter((c) => c.kind === 'price');
  if (prices.length !== 1) {
    out.push({ path: 'criteria', message: 'comprehensive scoring needs exactly one price criterion' });
  }
  const total = t.criteria.reduce((sum, c) => sum + Math.round(Number(c.weight) * 100), 0);
  if (total !== 10000) {
    out.push({ path: 'criteria', message: `weights must sum to 100 (now ${total / 100})` });
  }
  // 政府采购货物和服务招标投标管理办法 art. 55: price weight ≥30 % (goods), ≥10 % (services).
  const minPriceWeight = t.category === 'goods' ? 30 : t.category === 'services' ? 10 : 0;
  const price = prices[0];
  if (price && Number(price.weight) < minPriceWeight) {
    out.push({ path: 'criteria', message: `price weight must be at least ${minPriceWeight} for ${t.category}` });
  }
  return out;
}

/**
 * A clarification or amendment issued at `now` that may affect bids: the deadline must stay at
 * least the amendment lead away; returns the violation for a proposed (or unchanged) deadline.
 */
export function checkAmendment(rules: RuleSet, method: ProcurementMethod, bidDeadline: number, now: number): RuleViolation | null {
  const lead = LEGAL_DAYS.amendmentLead[method];
  if (bidDeadline < now + lead * rules.dayMs) {
    return { path: 'bidDeadline', message: `an amendment that may affect bids needs ≥${lead} ${unit(rules)} before the bid deadline; move the deadline` };
  }
  return null;
}

/** Earliest bid deadline an amendment issued at now allows. */
export function earliestDeadlineAfterAmendment(rules: RuleSet, method: ProcurementMethod, now: number): number {
  return now + LEGAL_DAYS.amendmentLead[method] * rules.dayMs;
}

/** Candidate publicity end for a start time. */
export function publicityEnd(rules: RuleSet, start: number): number {
  return start + LEGAL_DAYS.publicity * rules.dayMs;
}

function unit(rules: RuleSet): string {
  return rules.name === 'sandbox' ? 'sandbox days (seconds)' : 'days';
}
