/**
 * GET /api/tenders/:id/evaluation as server/evaluation/session.ts `view()` sends it (docs/api-contracts.md
 * "Evaluation and award"). Scores, means and totals are integers in hundredths ("12.50" → 1250); prices in
 * the ranking in fen; bids are named by their commitment sha256.
 */
import type { Criterion } from '../api/types';

export type EvaluationStage = 'chair' | 'compliance' | 'scoring' | 'review' | 'signing' | 'done' | 'rejected';

export type ComplianceItem = { key: string; name: string };

export type EvalBid = { bid: string; bidderOrganization: string | null; items: Record<string, unknown> };

export type EvalMember = {
  userId: string;
  displayName: string;
  seat: number;
  chair: boolean;
  complianceSubmittedAt: string | null;
  scoresSubmittedAt: string | null;
  signedAt: string | null;
  /** the chair's reason while this member's scores are returned for review */
  returned: string | null;
};

export type ComplianceEntry = { member: string; bid: string; item: string; pass: boolean; reason: string | null };
export type ComplianceDecision = { bid: string; passed: boolean; failedItems: { item: string; reasons: string[] }[] };
export type ScoreEntry = { member: string; bid: string; criterion: string; score: number };

export type CriterionResult = { criterion: string; kind: Criterion['kind']; weight: number; mean: number };
export type BidResult = { bid: string; priceFen: number; criteria: CriterionResult[]; subjectiveTotal: number; total: number };
export type Aggregation = { baseFen: number | null; results: BidResult[] };

export type RankedBid = { rank: number; bid: string; bidderOrganization: string | null; priceFen: number; total: number | null };

export type Flag = {
  id: string;
  member: string;
  bid: string;
  criterion: string;
  score: number;
  mean: number;
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
  scores: { mine: ScoreEntry[]; all: ScoreEntry[] | null };
  results: Aggregation | null;
  ranking: RankedBid[] | null;
  candidates: RankedBid[] | null;
  flags: Flag[];
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
  /** as stored: times in epoch ms */
  flags: (Pick<Flag, 'id' | 'member' | 'bid' | 'criterion' | 'score' | 'mean' | 'resolution' | 'note'> & { raisedAt: number; resolvedAt: number | null })[];
  ranking: RankedBid[];
  candidates: RankedBid[];
  signatures: Signature[];
};
