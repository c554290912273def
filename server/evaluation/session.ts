import type { Actor } from '../auth';
import { fromMs } from '../db/convert';
import { conflict, validationError, type FieldIssue } from '../http/errors';
import { updateTender, MIN_VALID_BIDS } from '../tenders';
import { decide } from './scoring-adapter';
import * as store from './session-store';
import { createSessionCore, type EvaluationDeps } from './session-core';
import { presentCompliance, presentRanked } from './session-present';
import { createScoringSteps } from './session-scoring';
import { createSessionViews } from './session-views';

export { evaluationBids, DEVIATION_SHARE, type EvalBid, type EvaluationDeps } from './session-core';

/**
 * The evaluation session (评标, DESIGN §2/§6): chair election, compliance (符合性审查), scoring,
 * aggregation with deviation flags, ranking, the report and every member's signature. Each change
 * is one transaction under the tender's row lock with its audit entry and live event (/evaluation).
 */
export function createEvaluationService(deps: EvaluationDeps) {
  const { audit } = deps;
  const core = createSessionCore(deps);
  const { authorizeJoin, asMember, requireChair, requireStage, event, setStage, compliantBids, submitted, allSubmitted } = core;
  const scoring = createScoringSteps(deps, core);
  const { aggregateAndReview } = scoring;
  const views = createSessionViews(deps, core);
  const { assembleReport } = views;
  return {
    view: views.view,
    report: views.report,
    reportData: views.reportData,
    usePresence: views.usePresence,
    authorizeJoin,
    voteChair,
    putCompliance,
    submitCompliance,
    putScores: scoring.putScores,
    submitScores: scoring.submitScores,
    returnScores: scoring.returnScores,
    resolveFlag: scoring.resolveFlag,
    finalize,
    rejectAll,
    sign,
  };

  // ---- chair --------------------------------------------------------------------------------

  /** A vote for the chair; the first member with a majority of the committee is elected (stage chair → compliance). */
  async function voteChair(actor: Actor, tenderId: string, candidateId: string): Promise<{ chairId: string | null }> {
    return asMember(actor, tenderId, async (trx, { session, members, now }) => {
      requireStage(session, ['chair'], 'vote for the chair');
      if (!members.some((m) => m.userId === candidateId)) {
        throw validationError([{ path: 'userId', message: 'not a member of this committee' }]);
      }
      await store.upsertVote(trx, tenderId, actor.id, candidateId, now);
      const votes = (await store.listVotes(trx, tenderId)).filter((v) => v.candidateId === candidateId).length;
      await audit.append(trx, { actor, tenderId, action: 'evaluation.chair-vote', payload: { candidateId } });
      await event(trx, tenderId, 'chair-vote', { votes: (await store.listVotes(trx, tenderId)).length, of: members.length });
      if (votes * 2 <= members.length) {
        return { chairId: null };
      }
      const chair = members.find((m) => m.userId === candidateId) as store.Member;
      await store.updateSession(trx, tenderId, { chairId: candidateId }, now);
      await audit.append(trx, { actor: null, tenderId, action: 'evaluation.chair-elected', payload: { chairId: candidateId, votes } });
      await event(trx, tenderId, 'chair-elected', { userId: candidateId, displayName: chair.displayName });
      await setStage(trx, tenderId, 'chair', 'compliance', now);
      return { chairId: candidateId };
    });
  }

  // ---- compliance ---------------------------------------------------------------------------

  type ComplianceInput = { bid: string; item: string; pass: boolean; reason?: string };

  async function putCompliance(actor: Actor, tenderId: string, entries: ComplianceInput[]): Promise<ReturnType<typeof presentCompliance>[]> {
    return asMember(actor, tenderId, async (trx, { t, session, bids }) => {
      requireStage(session, ['compliance'], 'record compliance');
      if (await submitted(trx, tenderId, actor.id, 'compliance')) {
        throw conflict('EVALUATION_STAGE', 'Your compliance review is submitted and locked');
      }
      const issues: FieldIssue[] = [];
      const bidSet = new Set(bids.map((b) => b.bid));
      const itemSet = new Set(t.complianceItems.map((i) => i.key));
      entries.forEach((e, i) => {
        if (!bidSet.has(e.bid)) {
          issues.push({ path: `entries.${i}.bid`, message: 'not a valid bid of this tender\'s opening record' });
        }
        if (!itemSet.has(e.item)) {
          issues.push({ path: `entries.${i}.item`, message: 'not a compliance item of this tender' });
        }
        if (!e.pass && !e.reason?.trim()) {
          issues.push({ path: `entries.${i}.reason`, message: 'a fail needs a reason' });
        }
      });
      if (issues.length > 0) {
        throw validationError(issues);
      }
      await store.putCompliance(trx, tenderId, entries.map((e) => ({ member: actor.id, bid: e.bid, item: e.item, pass: e.pass, reason: e.pass ? null : (e.reason ?? '').trim() })));
      return (await store.listCompliance(trx, tenderId, actor.id)).map(presentCompliance);
    });
  }

  /** Locks the member's compliance review; the last one decides compliance by majority and opens scoring. */
  async function submitCompliance(actor: Actor, tenderId: string): Promise<{ submittedAt: string }> {
    return asMember(actor, tenderId, async (trx, { t, session, members, bids, now }) => {
      requireStage(session, ['compliance'], 'submit compliance');
      const mine = await store.listCompliance(trx, tenderId, actor.id);
      const missing: FieldIssue[] = [];
      for (const b of bids) {
        for (const item of t.complianceItems) {
          if (!mine.some((e) => e.bid === b.bid && e.item === item.key)) {
            missing.push({ path: `${b.bid}.${item.key}`, message: 'not decided yet' });
          }
        }
      }
      if (missing.length > 0) {
        throw validationError(missing);
      }
      await store.submit(trx, tenderId, { member: actor.id, kind: 'compliance', submittedAt: now, agree: null, dissent: null });
      await audit.append(trx, { actor, tenderId, action: 'evaluation.compliance-submitted', payload: { entries: mine.map(({ bid, item, pass, reason }) => ({ bid, item, pass, reason })) } });
      await event(trx, tenderId, 'member-submitted', { userId: actor.id, step: 'compliance' });
      if (!(await allSubmitted(trx, tenderId, members, 'compliance'))) {
        return { submittedAt: fromMs(now) };
      }
      const all = await store.listCompliance(trx, tenderId);
      const compliance = decide(t.complianceItems.map((i) => i.key), bids.map((b) => b.bid), members.map((m) => m.userId), all);
      const compliant = compliance.filter((c) => c.passed).length;
      await audit.append(trx, { actor: null, tenderId, action: 'evaluation.compliance-decided', payload: { compliance } });
      await event(trx, tenderId, 'compliance-decided', { compliant, failed: compliance.length - compliant });
      await store.updateSession(trx, tenderId, { result: { compliance } }, now);
      if (t.evaluationMethod === 'lowest_price') {
        await aggregateAndReview(trx, t, { ...session, result: { compliance } }, members, bids, now, 'compliance');
      } else {
        await setStage(trx, tenderId, 'compliance', 'scoring', now);
      }
      return { submittedAt: fromMs(now) };
    });
  }

  async function finalize(actor: Actor, tenderId: string): Promise<void> {
    await asMember(actor, tenderId, async (trx, { t, session, members, bids, now }) => {
      requireChair(actor, session);
      requireStage(session, ['review'], 'finalize');
      const flags = await store.listFlags(trx, tenderId);
      if (flags.some((f) => f.resolution === null)) {
        throw conflict('EVALUATION_STAGE', 'Resolve every deviation flag first');
      }
      if ((session.result?.candidates ?? []).length === 0) {
        throw conflict('EVALUATION_STAGE', 'No compliant bid: reject all bids instead');
      }
      const report = await assembleReport(trx, t, session, members, bids);
      await audit.append(trx, { actor, tenderId, action: 'evaluation.report-ready', payload: { candidates: (session.result?.candidates ?? []).map(presentRanked) } });
      await event(trx, tenderId, 'report-ready', {});
      await setStage(trx, tenderId, 'review', 'signing', now, { report });
    });
  }

  /** 否决所有投标: with fewer than 3 compliant bids the committee may reject all; the tender fails. */
  async function rejectAll(actor: Actor, tenderId: string, reason: string): Promise<void> {
    await asMember(actor, tenderId, async (trx, { session, now }) => {
      requireChair(actor, session);
      requireStage(session, ['scoring', 'review'], 'reject all bids');
      const compliant = compliantBids(session).length;
      if (compliant >= MIN_VALID_BIDS) {
        throw conflict('EVALUATION_STAGE', `${compliant} bids are compliant: all bids may be rejected only with fewer than ${MIN_VALID_BIDS}`);
      }
      const failure = `all bids rejected by the evaluation committee (否决所有投标, ${compliant} compliant): ${reason}`;
      await updateTender(trx, tenderId, { status: 'failed', failedAt: now, failureReason: failure, updatedAt: now });
      await audit.append(trx, { actor, tenderId, action: 'tender.failed', payload: { reason: failure } });
      await setStage(trx, tenderId, session.stage, 'rejected', now, { rejectedReason: reason });
    });
  }

  /** A member signs the report, agreeing or with a written dissent; the last signature ends the evaluation. */
  async function sign(actor: Actor, tenderId: string, agree: boolean, dissent: string | undefined): Promise<{ signedAt: string }> {
    return asMember(actor, tenderId, async (trx, { session, members, now }) => {
      requireStage(session, ['signing'], 'sign the report');
      if (!agree && !dissent?.trim()) {
        throw validationError([{ path: 'dissent', message: 'a dissent needs its reasons' }]);
      }
      if (await submitted(trx, tenderId, actor.id, 'signature')) {
        throw conflict('CONFLICT', 'You have signed the report');
      }
      await store.submit(trx, tenderId, { member: actor.id, kind: 'signature', submittedAt: now, agree, dissent: agree ? null : (dissent ?? '').trim() });
      await audit.append(trx, { actor, tenderId, action: 'evaluation.report-signed', payload: { agree, dissent: agree ? null : dissent } });
      await event(trx, tenderId, 'report-signed', { userId: actor.id, agree });
      if (await allSubmitted(trx, tenderId, members, 'signature')) {
        await updateTender(trx, tenderId, { status: 'evaluated', updatedAt: now });
        await deps.records?.request(trx, { tenderId, kind: 'evaluation_report', title: '评标报告', audience: 'committee', source: { tenderId } });
        await audit.append(trx, { actor: null, tenderId, action: 'evaluation.completed', payload: { candidates: (session.result?.candidates ?? []).map(presentRanked) } });
        await setStage(trx, tenderId, 'signing', 'done', now);
      }
      return { signedAt: fromMs(now) };
    });
  }
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
