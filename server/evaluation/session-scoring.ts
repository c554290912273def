import type { Actor } from '../auth';
import { type Knex } from '../db';
import { fromMs } from '../db/convert';
import { conflict, notFound, validationError, type FieldIssue } from '../http/errors';
import { newId } from '../ids';
import { type Tender } from '../tenders';
import { computeRanking, missingScores, scoreWithin, type Aggregated } from './scoring-adapter';
import { presentAggregate, presentFlag, presentRanked, presentScore } from './session-present';
import * as store from './session-store';
import { stageError, DEVIATION_SHARE, type EvalBid, type EvaluationDeps, type SessionCore } from './session-core';

/** Scoring (详细评审): scores within [0, weight], submission, aggregation with flags, returns for review. */
export function createScoringSteps(deps: EvaluationDeps, core: SessionCore) {
  const { audit } = deps;
  const { asMember, requireChair, requireStage, event, setStage, compliantBids, submitted, allSubmitted } = core;
  return { putScores, submitScores, aggregateAndReview, returnScores, resolveFlag };

  // ---- scoring ------------------------------------------------------------------------------

  type ScoreInput = { bid: string; criterion: string; score: string };

  async function putScores(actor: Actor, tenderId: string, entries: ScoreInput[]): Promise<ReturnType<typeof presentScore>[]> {
    return asMember(actor, tenderId, async (trx, { t, session }) => {
      requireStage(session, ['scoring'], 'score');
      if (await submitted(trx, tenderId, actor.id, 'scores')) {
        throw conflict('EVALUATION_STAGE', 'Your scores are submitted and locked');
      }
      const compliant = new Set(compliantBids(session));
      const issues: FieldIssue[] = [];
      const parsed: store.ScoreEntry[] = [];
      entries.forEach((e, i) => {
        const criterion = t.criteria.find((c) => c.key === e.criterion);
        if (!compliant.has(e.bid)) {
          issues.push({ path: `entries.${i}.bid`, message: 'not a compliant bid of this tender' });
        }
        if (!criterion || criterion.kind === 'price') {
          issues.push({ path: `entries.${i}.criterion`, message: criterion ? 'the price score is computed, not typed' : 'not a criterion of this tender' });
          return;
        }
        const score = scoreWithin(e.score, criterion.weight);
        if (score === null) {
          issues.push({ path: `entries.${i}.score`, message: `a score in [0, ${criterion.weight}] with at most 2 decimals` });
          return;
        }
        parsed.push({ member: actor.id, bid: e.bid, criterion: e.criterion, score });
      });
      if (issues.length > 0) {
        throw validationError(issues);
      }
      await store.putScores(trx, tenderId, parsed);
      return (await store.listScores(trx, tenderId, actor.id)).map(presentScore);
    });
  }

  /** Locks the member's scores; the last one aggregates, flags deviations and ranks (stage review). */
  async function submitScores(actor: Actor, tenderId: string): Promise<{ submittedAt: string }> {
    return asMember(actor, tenderId, async (trx, { t, session, members, bids, now }) => {
      requireStage(session, ['scoring'], 'submit scores');
      const mine = await store.listScores(trx, tenderId, actor.id);
      const missing = missingScores(t.criteria, compliantBids(session), mine);
      if (missing.length > 0) {
        throw validationError(missing.map((m) => ({ path: `${m.bid}.${m.criterion}`, message: 'not scored yet' })));
      }
      await store.submit(trx, tenderId, { member: actor.id, kind: 'scores', submittedAt: now, agree: null, dissent: null });
      await audit.append(trx, { actor, tenderId, action: 'evaluation.scores-submitted', payload: { scores: mine.map(presentScore).map(({ bid, criterion, score }) => ({ bid, criterion, score })) } });
      await event(trx, tenderId, 'member-submitted', { userId: actor.id, step: 'scores' });
      if (await allSubmitted(trx, tenderId, members, 'scores')) {
        await aggregateAndReview(trx, t, session, members, bids, now, 'scoring');
      }
      return { submittedAt: fromMs(now) };
    });
  }

  async function aggregateAndReview(
    trx: Knex.Transaction,
    t: Tender,
    session: store.SessionRow,
    members: store.Member[],
    bids: EvalBid[],
    now: number,
    from: store.EvaluationStage,
  ): Promise<void> {
    const compliance = session.result?.compliance ?? [];
    const scores = await store.listScores(trx, t.id);
    const computed: Aggregated = computeRanking(t, bids, compliantBids(session), members.map((m) => m.userId), scores, DEVIATION_SHARE);
    const flags: store.Flag[] = computed.flags.map((f) => ({ ...f, id: newId(), resolution: null, note: null, raisedAt: now, resolvedAt: null }));
    await store.replaceOpenFlags(trx, t.id, flags);
    const result: store.EvaluationResult = { compliance, aggregate: computed.aggregate, ranking: computed.ranking, candidates: computed.ranking.slice(0, 3) };
    // Audit payloads and events carry the API's forms (decimal strings, yuan), as the session view does.
    const ranking = computed.ranking.map(presentRanked);
    const shownFlags = flags.map(presentFlag).map(({ id, member, bid, criterion, score, mean }) => ({ id, member, bid, criterion, score, mean }));
    await audit.append(trx, { actor: null, tenderId: t.id, action: 'evaluation.aggregated', payload: { aggregate: presentAggregate(computed.aggregate), ranking, flags: shownFlags } });
    await event(trx, t.id, 'scores-aggregated', { ranking: ranking.map(({ rank, bid, bidderOrganization, total }) => ({ rank, bid, bidderOrganization, total })) });
    for (const f of shownFlags) {
      await event(trx, t.id, 'deviation-flagged', f);
    }
    await setStage(trx, t.id, from, 'review', now, { result });
  }

  /** The chair sends a member's scores back for review with a reason (stage back to scoring). */
  async function returnScores(actor: Actor, tenderId: string, memberId: string, reason: string): Promise<void> {
    await asMember(actor, tenderId, async (trx, { t, session, members, now }) => {
      requireChair(actor, session);
      requireStage(session, ['scoring', 'review'], 'return scores');
      if (t.evaluationMethod !== 'comprehensive') {
        throw stageError(session.stage, 'return scores of a lowest-price evaluation');
      }
      await returnOne(trx, tenderId, session, members, memberId, reason, now);
    });
  }

  async function returnOne(trx: Knex.Transaction, tenderId: string, session: store.SessionRow, members: store.Member[], memberId: string, reason: string, now: number): Promise<void> {
    if (!members.some((m) => m.userId === memberId)) {
      throw notFound('member');
    }
    if (!(await submitted(trx, tenderId, memberId, 'scores'))) {
      throw conflict('EVALUATION_STAGE', 'This member\'s scores are not submitted');
    }
    await store.returnSubmission(trx, tenderId, memberId, 'scores', reason, now);
    await audit.append(trx, { actor: null, tenderId, action: 'evaluation.scores-returned', payload: { memberId, reason } });
    await event(trx, tenderId, 'scores-returned', { userId: memberId, reason });
    if (session.stage === 'review') {
      await setStage(trx, tenderId, 'review', 'scoring', now, { result: { compliance: session.result?.compliance ?? [] } });
    }
  }

  /** The chair resolves a deviation flag: kept (with a note) or the member's scores returned. */
  async function resolveFlag(actor: Actor, tenderId: string, flagId: string, resolution: 'kept' | 'returned', note: string): Promise<void> {
    await asMember(actor, tenderId, async (trx, { session, members, now }) => {
      requireChair(actor, session);
      requireStage(session, ['review'], 'resolve flags');
      const flag = (await store.listFlags(trx, tenderId)).find((f) => f.id === flagId);
      if (!flag) {
        throw notFound('flag');
      }
      if (flag.resolution !== null) {
        throw conflict('CONFLICT', 'This flag is resolved');
      }
      await store.resolveFlag(trx, flagId, resolution, note, now);
      await audit.append(trx, { actor, tenderId, action: 'evaluation.flag-resolved', payload: { flagId, resolution, note } });
      await event(trx, tenderId, 'flag-resolved', { id: flagId, resolution, note });
      if (resolution === 'returned') {
        await returnOne(trx, tenderId, session, members, flag.member, note, now);
      }
    });
  }

}
