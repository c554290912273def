import type { TenderFacts } from './facts';

type Clarification = TenderFacts['clarifications'][number];

/**
 * One change of a tender that gets its own OCDS release. A release shows the tender as it stood
 * at its stage: only what was public by then (DESIGN §1: nothing about bidders before the opening).
 */
export type Stage =
  | { kind: 'tender'; key: 'tender'; date: number }
  | { kind: 'clarification'; key: string; date: number; clarification: Clarification }
  | { kind: 'opening'; key: 'opening'; date: number; failed: boolean }
  | { kind: 'failure'; key: 'failure'; date: number }
  | { kind: 'publicity'; key: 'publicity'; date: number }
  | { kind: 'award'; key: 'award'; date: number }
  | { kind: 'cancellation'; key: 'cancellation'; date: number };

export type StageKind = Stage['kind'];

/** Order of stages that share a millisecond (a test clock, or one transaction). */
const ORDER: StageKind[] = ['tender', 'clarification', 'opening', 'failure', 'publicity', 'award', 'cancellation'];

/**
 * The stages a tender has gone through, in time order:
 * published (tender) → each clarification (tenderAmendment when it amends, else tenderUpdate) →
 * opening ended (tenderUpdate: tenderers and bid statistics; unsuccessful when it failed, 流标) →
 * failed later (否决所有投标: tenderUpdate) → candidates published (award, pending) → award
 * (awardUpdate, active; contract: pending) → cancelled (tenderCancellation).
 */
export function stagesOf(f: TenderFacts): Stage[] {
  const t = f.tender;
  if (t.publishedAt === null) {
    return [];
  }
  const stages: Stage[] = [{ kind: 'tender', key: 'tender', date: t.publishedAt }];
  for (const c of f.clarifications) {
    stages.push({ kind: 'clarification', key: `clarification-${c.id}`, date: c.publishedAt, clarification: c });
  }
  const openedAt = f.opening ? (f.opening.endedAt ?? t.failedAt) : null;
  if (openedAt !== null) {
    stages.push({ kind: 'opening', key: 'opening', date: openedAt, failed: t.failedAt !== null && t.failedAt <= openedAt });
  }
  if (t.failedAt !== null && (openedAt === null || t.failedAt > openedAt)) {
    stages.push({ kind: 'failure', key: 'failure', date: t.failedAt });
  }
  if (f.publicity) {
    stages.push({ kind: 'publicity', key: 'publicity', date: f.publicity.publishedAt });
  }
  if (f.award) {
    stages.push({ kind: 'award', key: 'award', date: f.award.awardedAt });
  }
  if (t.status === 'cancelled' && t.cancelledAt !== null) {
    stages.push({ kind: 'cancellation', key: 'cancellation', date: t.cancelledAt });
  }
  return stages.sort((a, b) => a.date - b.date || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.key < b.key ? -1 : 1));
}

/** The release tags of a stage (OCDS 1.1 closed releaseTag codelist). */
export function tagsOf(stage: Stage, scope: Stage[]): string[] {
  switch (stage.kind) {
    case 'tender':
      return ['tender'];
    case 'clarification':
      return [stage.clarification.kind === 'amendment' ? 'tenderAmendment' : 'tenderUpdate'];
    case 'opening':
    case 'failure':
      return ['tenderUpdate'];
    case 'publicity':
      return ['award'];
    case 'award':
      // The award also opens the contract stage (a pending contract, signed off the platform).
      return [scope.some((s) => s.kind === 'publicity') ? 'awardUpdate' : 'award', 'contract'];
    case 'cancellation':
      return has(scope, 'publicity') && !has(scope, 'award') ? ['tenderCancellation', 'awardCancellation'] : ['tenderCancellation'];
  }
}

/** Whether a stage of this kind is in scope (happened at or before the release being built). */
export function has(scope: Stage[], kind: StageKind): boolean {
  return scope.some((s) => s.kind === kind);
}
