/**
 * What the evaluation room shows and which controls it offers, as pure functions of the session
 * view (server/evaluation/session.ts `view()`): the server decides; these only spare the user buttons
 * that would be refused.
 */
import type { EvalBid, EvalMember, EvaluationStage, EvaluationView } from './eval-types';

/** The steps shown at the top; `rejected` (否决所有投标) ends the evaluation at the review step. */
export const STEPS = ['chair', 'compliance', 'scoring', 'review', 'signing', 'done'] as const;

/** Fewer compliant bids than this allow the chair to reject all bids (招标投标法实施条例). */
export const MIN_COMPLIANT = 3;

/** The index of the stage in STEPS. */
export function stepIndex(stage: EvaluationStage): number {
  return stage === 'rejected' ? STEPS.indexOf('review') : STEPS.indexOf(stage);
}

/** The first 8 hex digits of a bid's sha256, as the room's data-testids name bids. */
export function bid8(bid: string): string {
  return bid.slice(0, 8);
}

/** The caller's own seat on the committee, or undefined for observers. */
export function myMember(view: EvaluationView): EvalMember | undefined {
  return view.me.role === 'member' ? view.members.find((m) => m.userId === view.me.userId) : undefined;
}

/** A member's display name (the id when unknown). */
export function memberName(view: Pick<EvaluationView, 'members'>, userId: string): string {
  return view.members.find((m) => m.userId === userId)?.displayName ?? userId;
}

/** A bid's bidder organization (its 8 hex digits when unnamed). */
export function bidName(view: Pick<EvaluationView, 'bids'>, bid: string): string {
  return view.bids.find((b) => b.sha256 === bid)?.bidderOrganization ?? bid8(bid);
}

/** A criterion's name (its key when unknown). */
export function criterionName(view: Pick<EvaluationView, 'criteria'>, key: string): string {
  return view.criteria.find((c) => c.key === key)?.name ?? key;
}

/** The bids still in the evaluation: the compliant ones once compliance is decided, else every valid bid. */
export function compliantBids(view: Pick<EvaluationView, 'bids' | 'compliance'>): EvalBid[] {
  const result = view.compliance.result;
  if (!result) {
    return view.bids;
  }
  const passed = new Set(result.filter((r) => r.passed).map((r) => r.bid));
  return view.bids.filter((b) => passed.has(b.sha256));
}

/** How many members have done the step. */
export function submittedCount(view: Pick<EvaluationView, 'members'>, step: 'compliance' | 'scores' | 'signature'): number {
  const field = step === 'compliance' ? 'complianceSubmittedAt' : step === 'scores' ? 'scoresSubmittedAt' : 'signedAt';
  return view.members.filter((m) => m[field] !== null).length;
}

/** The controls the caller may use now; observers (agency, supervisors) get none. */
export type Controls = {
  vote: boolean;
  editCompliance: boolean;
  editScores: boolean;
  resolveFlags: boolean;
  returnScores: boolean;
  finalize: boolean;
  rejectAll: boolean;
  sign: boolean;
};

/** Which controls show for this viewer in this stage. */
export function controlsOf(view: EvaluationView): Controls {
  const me = myMember(view);
  const chair = Boolean(me && view.me.chair);
  const { stage } = view;
  const comprehensive = view.evaluationMethod === 'comprehensive';
  const unresolved = view.flags.some((f) => f.resolution === null);
  const compliant = view.compliance.result ? compliantBids(view).length : null;
  return {
    vote: Boolean(me) && stage === 'chair',
    editCompliance: Boolean(me) && stage === 'compliance' && !me?.complianceSubmittedAt,
    editScores: Boolean(me) && stage === 'scoring' && comprehensive && !view.scores.locked,
    resolveFlags: chair && stage === 'review',
    returnScores: chair && comprehensive && (stage === 'scoring' || stage === 'review'),
    finalize: chair && stage === 'review' && !unresolved && (view.candidates?.length ?? 0) > 0,
    rejectAll: chair && (stage === 'scoring' || stage === 'review') && compliant !== null && compliant < MIN_COMPLIANT,
    sign: Boolean(me) && stage === 'signing' && !me?.signedAt,
  };
}

/** Members whose submitted scores the chair may return (submitted, not already returned). */
export function returnableMembers(view: EvaluationView): EvalMember[] {
  return view.members.filter((m) => m.scoresSubmittedAt !== null);
}

/** The bid's opened price ("1234567.00"), when its opening items carry one. */
export function bidPrice(bid: Pick<EvalBid, 'items'>): string | null {
  const p = bid.items.price;
  return typeof p === 'string' || typeof p === 'number' ? String(p) : null;
}

/** The opening items shown beside a bid (price first, tenderId never). */
export function itemEntries(bid: Pick<EvalBid, 'items'>): [string, string][] {
  return Object.entries(bid.items)
    .filter(([k]) => k !== 'tenderId')
    .sort(([a], [b]) => (a === 'price' ? -1 : b === 'price' ? 1 : a.localeCompare(b)))
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}
