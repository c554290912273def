/**
 * 符合性/资格审查: every committee member passes or fails every bid on every compliance item;
 * per bid and item the majority of the committee decides (api-contracts, issue 5). Pure functions.
 */
import { HttpError, type FieldIssue } from '../http/errors';

/** One member's decision on one item of one bid; a fail carries the member's reason. */
export type ComplianceEntry = { member: string; bid: string; item: string; pass: boolean; reason?: string | null };

export type FailedItem = { item: string; reasons: string[] };
export type ComplianceResult = { bid: string; passed: boolean; failedItems: FailedItem[] };
export type MissingDecision = { bid: string; item: string };

/**
 * Decides every bid: a bid fails an item when a strict majority of the members fails it there
 * (a tie passes: doubt favours the bidder), and fails when it fails any item. The reasons of the
 * members who failed a failed item are kept, in the order of `members` (seat order).
 * Results follow the order of `bids`; failed items the order of `items`.
 * Throws 400 VALIDATION for unknown ids, duplicate decisions and fails without a reason, and
 * 409 EVALUATION_STAGE, listing them, when some member has not decided everything.
 */
export function decideCompliance(items: readonly string[], bids: readonly string[], members: readonly string[], entries: readonly ComplianceEntry[]): ComplianceResult[] {
  const byKey = indexEntries(items, bids, members, entries);
  const missing = members.flatMap((member) =>
    missingCompliance(items, bids, entries.filter((e) => e.member === member)).map((m) => ({
      path: 'entries',
      message: `member ${member} has not decided item ${m.item} of bid ${m.bid}`,
    })),
  );
  if (missing.length > 0) {
    throw new HttpError(409, 'EVALUATION_STAGE', `${missing.length} compliance decision(s) are missing`, missing);
  }
  return bids.map((bid) => {
    const failedItems: FailedItem[] = [];
    for (const item of items) {
      const failing = members.map((member) => byKey.get(keyOf(member, bid, item))).filter((e): e is ComplianceEntry => e !== undefined && !e.pass);
      if (isStrictMajority(failing.length, members.length)) {
        failedItems.push({ item, reasons: failing.map((e) => (e.reason ?? '').trim()) });
      }
    }
    return { bid, passed: failedItems.length === 0, failedItems };
  });
}

/** What one member still has to decide: every (bid, item) pair without an entry, bids × items in order. */
export function missingCompliance(items: readonly string[], bids: readonly string[], entries: readonly Pick<ComplianceEntry, 'bid' | 'item'>[]): MissingDecision[] {
  const decided = new Set(entries.map((e) => pairOf(e.bid, e.item)));
  return bids.flatMap((bid) => items.filter((item) => !decided.has(pairOf(bid, item))).map((item) => ({ bid, item })));
}

/** More than half of the committee (not of the votes cast: every member must decide). */
export function isStrictMajority(count: number, committeeSize: number): boolean {
  return 2 * count > committeeSize;
}

function indexEntries(items: readonly string[], bids: readonly string[], members: readonly string[], entries: readonly ComplianceEntry[]): Map<string, ComplianceEntry> {
  const issues: FieldIssue[] = [];
  const known = { item: new Set(items), bid: new Set(bids), member: new Set(members) };
  const byKey = new Map<string, ComplianceEntry>();
  entries.forEach((e, i) => {
    for (const field of ['member', 'bid', 'item'] as const) {
      if (!known[field].has(e[field])) {
        issues.push({ path: `entries.${i}.${field}`, message: `unknown ${field} ${e[field]}` });
      }
    }
    if (!e.pass && !(e.reason ?? '').trim()) {
      issues.push({ path: `entries.${i}.reason`, message: 'a fail needs a reason' });
    }
    const key = keyOf(e.member, e.bid, e.item);
    if (byKey.has(key)) {
      issues.push({ path: `entries.${i}`, message: `member ${e.member} decided item ${e.item} of bid ${e.bid} twice` });
    }
    byKey.set(key, e);
  });
  if (issues.length > 0) {
    throw new HttpError(400, 'VALIDATION', 'The compliance decisions are not consistent', issues);
  }
  return byKey;
}

// NOTE: ids are sha256 hex, user ids and item keys: none contains a newline, so it is a safe separator.
function keyOf(member: string, bid: string, item: string): string {
  return `${member}\n${pairOf(bid, item)}`;
}

function pairOf(bid: string, item: string): string {
  return `${bid}\n${item}`;
}
