/** Pure helpers for the award pages (no DOM, unit-tested in tests/unit/awards-client). */
import type { TenderStatus } from '../api/types';
import type { AwardInput, PublicityObjection } from './awards-api';

/** The objection and answer limits of server/awards/schema.ts. */
export const TEXT_MAX = 2000;

/** The agency's step after the opening, by the tender's status. */
export type AgencyStep = 'notYet' | 'draw' | 'evaluating' | 'publish' | 'publicity' | 'awarded' | 'failed' | 'cancelled';

/** Which panel the agency's award page shows for a status. */
export function agencyStep(status: TenderStatus): AgencyStep {
  switch (status) {
    case 'opened':
      return 'draw';
    case 'evaluating':
      return 'evaluating';
    case 'evaluated':
      return 'publish';
    case 'publicity':
    case 'awarded':
    case 'failed':
    case 'cancelled':
      return status;
    default:
      return 'notYet';
  }
}

/** Statuses after which the committee exists (drawn at `opened` → `evaluating`). */
export function hasCommittee(status: TenderStatus): boolean {
  return status === 'evaluating' || status === 'evaluated' || status === 'publicity' || status === 'awarded' || status === 'failed';
}

/** The public results page (中标候选人公示 / 中标结果) exists from publicity on. */
export function hasResults(status: TenderStatus): boolean {
  return status === 'publicity' || status === 'awarded';
}

/** The agency's award workspace is worth a link once the bids are opened. */
export function hasAwardWorkspace(status: TenderStatus): boolean {
  return agencyStep(status) !== 'notYet' && status !== 'cancelled';
}

export function unansweredObjections(objections: readonly PublicityObjection[]): PublicityObjection[] {
  return objections.filter((o) => o.answeredAt === null);
}

/** Why the award cannot be made yet, as the server would say (PUBLICITY_NOT_OVER / OBJECTION_PENDING), or null. */
export function awardBlocker(leftMs: number | null, objections: readonly PublicityObjection[]): 'PUBLICITY_NOT_OVER' | 'OBJECTION_PENDING' | null {
  if (leftMs === null || leftMs > 0) {
    return 'PUBLICITY_NOT_OVER';
  }
  return unansweredObjections(objections).length > 0 ? 'OBJECTION_PENDING' : null;
}

/** 招标投标法实施条例 art. 55: awarding any candidate but the first needs a reason. */
export function isReasonRequired(rank: number): boolean {
  return rank !== 1;
}

/** The POST /award body: the rank, and the trimmed reason when there is one. */
export function toAwardInput(rank: number, reason: string | undefined): AwardInput {
  const text = reason?.trim() ?? '';
  return text.length > 0 ? { rank, reason: text } : { rank };
}

/** A bidder may object while the publicity window is open by the server clock (the server checks the rest). */
export function isObjectionOpen(status: TenderStatus, leftMs: number | null): boolean {
  return status === 'publicity' && leftMs !== null && leftMs > 0;
}
