/**
 * GET /api/tenders/:id/evaluation as server/evaluation/session-views.ts `view()` sends it (docs/api-contracts.md
 * "Evaluation and award", server/evaluation/session-schema.ts EvaluationViewResponse). Scores, means, weights
 * and totals are decimal strings ("91.80"); prices yuan strings ("2000.00"); bids are named by their
 * commitment sha256 (`sha256` in the bid lists, `bid` wherever another object refers to one).
 */
import type { Criterion } from '../api/types';

export type EvaluationStage = 'chair' | 'compliance' | 'scoring' | 'review' | 'signing' | 'done' | 'rejected';

export type ComplianceItem = { key: string; name: string };

export type EvalBid = { sha256: string; bidderOrganization: string | null; items: Record<string, unknown> };

export type EvalMember = {
  userId: string;
  displayName: string;
  seat: number;
  chair: boolean;
  /** connected to the tender's /evaluation room when the view was read */
  present: boolean;
  complianceSubmittedAt: string | null;
  scoresSubmittedAt: string | null;
  signedAt: string | null;
  /** the chair's reason while this member's scores are returned for review */
  returned: string | null;
};

export type ComplianceEntry = { member: string; bid: string; item: string; pass: boolean; reason: string | null };
export type ComplianceDecision = { bid: string; passed: boolean; failedItems: { item: string; reasons: string[] }[] };
/** score: "12.50" */
export type ScoreEntry = { member: string; bid: string; criterion: string; score: string };

export type CriterionResult = { criterion: string; kind: Criterion['kind']; weight: string; mean: string };
export type BidResult = { bid: string; price: string; criteria: CriterionResult[]; subjectiveTotal: string; total: string };
/** 评标基准价 (the lowest compliant price) and each compliant bid's means and total. */
export type Aggregation = { basePrice: string | null; results: BidResult[] };

/** total null for lowest_price. */
export type RankedBid = { rank: number; bid: string; bidderOrganization: string | null; price: string; total: string | null };

export type Flag = {
  id: string;
  member: string;
  bid: string;
  criterion: string;
  score: string;
  mean: string;
  resolution: 'kept' | 'returned' | null;
  note: string | null;
  raisedAt: string;
  resolvedAt: string | null;
};

export type EvaluationView = {
  tenderId: string;
  stage: EvaluationStage;
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: Criterion[];
  complianceItems: ComplianceItem[];
  bids: EvalBid[];
  members: EvalMember[];
  chairVotes: { cast: number; mine: string | null };
  me: { role: 'member' | 'observer'; userId: string; chair: boolean };
  compliance: { mine: ComplianceEntry[]; result: ComplianceDecision[] | null };
  /** locked: the caller cannot change its scores now (observers always) */
  scores: { mine: ScoreEntry[]; all: ScoreEntry[] | null; locked: boolean };
  results: Aggregation | null;
  ranking: RankedBid[] | null;
  candidates: RankedBid[] | null;
  flags: Flag[];
  /** the report once the chair finalized (as GET /evaluation/report) */
  report: EvaluationReport | null;
  rejectedReason: string | null;
};

export type Signature = { userId: string; agree: boolean | null; dissent: string | null; signedAt: string };

/** GET /evaluation/report: the assembled report with the signatures so far. */
export type EvaluationReport = {
  tenderId: string;
  code: string;
  title: string;
  evaluationMethod: EvaluationView['evaluationMethod'];
  criteria: Criterion[];
  complianceItems: ComplianceItem[];
  members: { userId: string; displayName: string; organizationName: string | null; seat: number; chair: boolean }[];
  bids: EvalBid[];
  compliance: { decisions: ComplianceDecision[]; entries: ComplianceEntry[] };
  scores: ScoreEntry[];
  aggregate: Aggregation | null;
  flags: Flag[];
  ranking: RankedBid[];
  candidates: RankedBid[];
  signatures: Signature[];
};
