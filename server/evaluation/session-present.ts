import { fenToYuan, fromMs, fromMsOrNull } from '../db/convert';
import type { Tender } from '../tenders';
import { formatScore, type Aggregation } from './scoring';
import type { EvalBid } from './session-core';
import type * as store from './session-store';

/**
 * The session's values as the API sends them (docs/api-contracts.md "Evaluation and award", DESIGN §4):
 * the session computes and stores scores, means and totals in hundredths and prices in fen; these turn
 * them into decimal strings ("92.41") and yuan strings, and times into ISO-8601. Bids by their sha256.
 */

type BidLike = Pick<EvalBid, 'bid' | 'bidderOrganization' | 'items'>;

/** A bid under evaluation: named `sha256` (its commitment, the opening record's key). */
export function presentBid(b: BidLike) {
  return { sha256: b.bid, bidderOrganization: b.bidderOrganization ?? null, items: b.items };
}

export function presentCriterion(c: Tender['criteria'][number]) {
  return { key: c.key, name: c.name, kind: c.kind, weight: c.weight };
}

export function presentScore(e: store.ScoreEntry) {
  return { member: e.member, bid: e.bid, criterion: e.criterion, score: formatScore(Number(e.score)) };
}

export function presentCompliance(e: store.ComplianceEntry) {
  return { member: e.member, bid: e.bid, item: e.item, pass: e.pass, reason: e.reason ?? null };
}

export function presentDecision(d: store.ComplianceDecision) {
  return { bid: d.bid, passed: d.passed, failedItems: d.failedItems.map((f) => ({ item: f.item, reasons: f.reasons })) };
}

/** The aggregate without its raw flags (the session's `flags` carry them with their resolution). */
export function presentAggregate(a: Aggregation | null | undefined) {
  if (!a) {
    return null;
  }
  return {
    basePrice: a.baseFen === null ? null : fenToYuan(a.baseFen),
    results: a.results.map((r) => ({
      bid: r.bid,
      price: fenToYuan(r.priceFen),
      criteria: r.criteria.map((c) => ({ criterion: c.criterion, kind: c.kind, weight: formatScore(Number(c.weight)), mean: formatScore(Number(c.mean)) })),
      subjectiveTotal: formatScore(Number(r.subjectiveTotal)),
      total: formatScore(Number(r.total)),
    })),
  };
}

/** A line of the ranking or a candidate: no account id; total null for lowest_price. */
export function presentRanked(r: Pick<store.RankedBid, 'rank' | 'bid' | 'bidderOrganization' | 'priceFen' | 'total'>) {
  return {
    rank: Number(r.rank),
    bid: r.bid,
    bidderOrganization: r.bidderOrganization ?? null,
    price: fenToYuan(r.priceFen),
    total: r.total === null || r.total === undefined ? null : formatScore(Number(r.total)),
  };
}

export function presentFlag(f: store.Flag) {
  return {
    id: f.id,
    member: f.member,
    bid: f.bid,
    criterion: f.criterion,
    score: formatScore(Number(f.score)),
    mean: formatScore(Number(f.mean)),
    resolution: f.resolution ?? null,
    note: f.note ?? null,
    raisedAt: fromMs(f.raisedAt),
    resolvedAt: fromMsOrNull(f.resolvedAt),
  };
}

/** The report as the session stored it when the chair finalized (values as computed: hundredths, fen, epoch ms). */
export type StoredReport = {
  tenderId: string;
  code: string;
  title: string;
  evaluationMethod: Tender['evaluationMethod'];
  criteria: Tender['criteria'];
  complianceItems: Tender['complianceItems'];
  members: { userId: string; displayName: string; organizationName: string | null; seat: number; chair: boolean }[];
  bids: BidLike[];
  compliance: { decisions: store.ComplianceDecision[]; entries: store.ComplianceEntry[] };
  scores: store.ScoreEntry[];
  aggregate: Aggregation | null;
  flags: store.Flag[];
  ranking: store.RankedBid[];
  candidates: store.RankedBid[];
};

export type ReportSignature = { userId: string; agree: boolean | null; dissent: string | null; signedAt: string };

/** GET /evaluation/report and the view's `report`. */
export function presentReport(r: StoredReport, signatures: ReportSignature[]) {
  return {
    tenderId: r.tenderId,
    code: r.code,
    title: r.title,
    evaluationMethod: r.evaluationMethod,
    criteria: r.criteria.map(presentCriterion),
    complianceItems: r.complianceItems.map((i) => ({ key: i.key, name: i.name })),
    members: r.members.map((m) => ({ userId: m.userId, displayName: m.displayName, organizationName: m.organizationName ?? null, seat: m.seat, chair: m.chair })),
    bids: r.bids.map(presentBid),
    compliance: { decisions: r.compliance.decisions.map(presentDecision), entries: r.compliance.entries.map(presentCompliance) },
    scores: r.scores.map(presentScore),
    aggregate: presentAggregate(r.aggregate),
    flags: r.flags.map(presentFlag),
    ranking: r.ranking.map(presentRanked),
    candidates: r.candidates.map(presentRanked),
    signatures,
  };
}
