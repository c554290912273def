/** The compliance matrix (符合性审查) as a member fills it in: pass/fail per bid × item, a reason for every fail. */
import type { ComplianceEntry, ComplianceItem, EvalBid } from './eval-types';
import { cellKey } from './eval-scores';

export type ComplianceCell = { pass: boolean | null; reason: string };
export type ComplianceDraft = Record<string, ComplianceCell>;

/** The draft from the member's saved entries. */
export function draftFromCompliance(mine: readonly ComplianceEntry[]): ComplianceDraft {
  return Object.fromEntries(mine.map((e) => [cellKey(e.bid, e.item), { pass: e.pass, reason: e.reason ?? '' }]));
}

/** One cell of the draft (undecided when absent). */
export function cellOf(draft: ComplianceDraft, bid: string, item: string): ComplianceCell {
  return draft[cellKey(bid, item)] ?? { pass: null, reason: '' };
}

/** Every bid passes every item, keeping cells already decided (a quick start for the usual case). */
export function passAll(draft: ComplianceDraft, bids: readonly EvalBid[], items: readonly ComplianceItem[]): ComplianceDraft {
  const next = { ...draft };
  for (const b of bids) {
    for (const i of items) {
      const key = cellKey(b.sha256, i.key);
      next[key] ??= { pass: true, reason: '' };
      if (next[key].pass === null) {
        next[key] = { ...next[key], pass: true };
      }
    }
  }
  return next;
}

export type ComplianceProblems = { undecided: number; failsWithoutReason: string[] };

/** What stops a submission: undecided cells and fails without a reason (cell keys). */
export function complianceProblems(draft: ComplianceDraft, bids: readonly EvalBid[], items: readonly ComplianceItem[]): ComplianceProblems {
  let undecided = 0;
  const failsWithoutReason: string[] = [];
  for (const b of bids) {
    for (const i of items) {
      const c = cellOf(draft, b.sha256, i.key);
      if (c.pass === null) {
        undecided += 1;
      } else if (!c.pass && !c.reason.trim()) {
        failsWithoutReason.push(cellKey(b.sha256, i.key));
      }
    }
  }
  return { undecided, failsWithoutReason };
}

/** The decided cells as PUT /evaluation/compliance entries; a fail without a reason is not sent. */
export function complianceEntries(draft: ComplianceDraft, bids: readonly EvalBid[], items: readonly ComplianceItem[]): { bid: string; item: string; pass: boolean; reason?: string }[] {
  const entries: { bid: string; item: string; pass: boolean; reason?: string }[] = [];
  for (const b of bids) {
    for (const i of items) {
      const c = cellOf(draft, b.sha256, i.key);
      if (c.pass === true) {
        entries.push({ bid: b.sha256, item: i.key, pass: true });
      } else if (c.pass === false && c.reason.trim()) {
        entries.push({ bid: b.sha256, item: i.key, pass: false, reason: c.reason.trim() });
      }
    }
  }
  return entries;
}
