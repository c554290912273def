import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { fromMs, yuanToFen } from '../db/convert';
import { conflict, forbidden, type HttpError, notFound, validationError, type FieldIssue } from '../http/errors';
import { newId } from '../ids';
import type { EventBus } from '../realtime';
import { findTender, isOwner, updateTender, MIN_VALID_BIDS, type Tender, type TenderService } from '../tenders';
import { computeRanking, decide, missingScores, scoreWithin, type Aggregated } from './scoring-adapter';
import * as store from './session-store';

export type EvaluationDeps = {
  db: Knex;
  clock: Clock;
  config: Config;
  audit: AuditService;
  bus: EventBus;
  tenders: TenderService;
};

/** A bid under evaluation: a valid bid of the opening record, named by its commitment sha256. */
export type EvalBid = { bid: string; bidderId: string; bidderOrganization: string | null; items: Record<string, unknown>; priceFen: number };

const stageError = (stage: string, action: string): HttpError => conflict('EVALUATION_STAGE', `Cannot ${action} in the evaluation's ${stage} stage`);

/** Default share of a criterion's weight a member's score may deviate from the mean before it is flagged (issue 5). */
export const DEVIATION_SHARE = 0.2;

/**
 * The evaluation session (评标, DESIGN §2/§6): chair election, compliance (符合性审查), scoring,
 * aggregation with deviation flags, ranking, the report and every member's signature. Each change
 * is one transaction under the tender's row lock with its audit entry and live event (/evaluation).
 */
export function createEvaluationService(deps: EvaluationDeps) {
  const { db, clock, audit, bus, tenders } = deps;
  return { view, authorizeJoin, voteChair, putCompliance, submitCompliance, putScores, submitScores, returnScores, resolveFlag, finalize, rejectAll, sign, report };

  // ---- access -------------------------------------------------------------------------------

  type Role = 'member' | 'observer';

  /** Members, the owner agency and supervisors, only once the committee exists (after the opening). */
  async function access(actor: Actor | null, tenderId: string): Promise<{ t: Tender; role: Role; members: store.Member[] }> {
    if (!actor) {
      throw forbidden('Sign in to follow the evaluation');
    }
    const t = await tenders.getForActor(actor, tenderId);
    const members = await store.listMembers(db, tenderId);
    if (members.length === 0 || !['evaluating', 'evaluated', 'publicity', 'awarded', 'failed'].includes(t.status)) {
      throw notFound('evaluation');
    }
    if (members.some((m) => m.userId === actor.id)) {
      return { t, role: 'member', members };
    }
    if (actor.role === 'supervisor' || (actor.role === 'agency' && isOwner(actor, t))) {
      return { t, role: 'observer', members };
    }
    throw forbidden('Only the committee, the tender\'s agency and supervisors follow the evaluation');
  }

  async function authorizeJoin(actor: Actor | null, tenderId: string): Promise<void> {
    await access(actor, tenderId);
  }

  /** Runs fn as a member of the committee, in a transaction under the tender's lock, with the session row. */
  async function asMember<T>(
    actor: Actor,
    tenderId: string,
    fn: (trx: Knex.Transaction, ctx: { t: Tender; session: store.SessionRow; members: store.Member[]; bids: EvalBid[]; now: number }) => Promise<T>,
  ): Promise<T> {
    const { role, members } = await access(actor, tenderId);
    if (role !== 'member') {
      throw forbidden('Only committee members take part');
    }
    const bids = await evaluationBids(db, tenderId);
    return inTransaction(db, async (trx) => {
      const t = (await findTender(trx, tenderId, { lock: true })) as Tender;
      const now = clock.now().getTime();
      let session = await store.findSession(trx, tenderId);
      if (!session) {
        await store.insertSession(trx, tenderId, now);
        session = (await store.findSession(trx, tenderId)) as store.SessionRow;
      }
      return fn(trx, { t, session, members, bids, now });
    });
  }

  function requireChair(actor: Actor, session: store.SessionRow): void {
    if (session.chairId !== actor.id) {
      throw forbidden('Only the committee\'s chair does this');
    }
  }

  function requireStage(session: store.SessionRow, stages: store.EvaluationStage[], action: string): void {
    if (!stages.includes(session.stage)) {
      throw stageError(session.stage, action);
    }
  }

  async function event(trx: Knex.Transaction, tenderId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    await bus.publish(trx, 'evaluation', tenderId, type, payload);
  }

  async function setStage(trx: Knex.Transaction, tenderId: string, from: store.EvaluationStage, to: store.EvaluationStage, now: number, extra: Parameters<typeof store.updateSession>[2] = {}): Promise<void> {
    await store.updateSession(trx, tenderId, { ...extra, stage: to }, now);
    await audit.append(trx, { actor: null, tenderId, action: 'evaluation.stage-changed', payload: { from, to } });
    await event(trx, tenderId, 'stage-changed', { from, to });
  }

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

  async function putCompliance(actor: Actor, tenderId: string, entries: ComplianceInput[]): Promise<store.ComplianceEntry[]> {
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
      return store.listCompliance(trx, tenderId, actor.id);
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

  // ---- scoring ------------------------------------------------------------------------------

  type ScoreInput = { bid: string; criterion: string; score: string };

  async function putScores(actor: Actor, tenderId: string, entries: ScoreInput[]): Promise<store.ScoreEntry[]> {
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
      return store.listScores(trx, tenderId, actor.id);
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
      await audit.append(trx, { actor, tenderId, action: 'evaluation.scores-submitted', payload: { scores: mine.map(({ bid, criterion, score }) => ({ bid, criterion, score })) } });
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
    await audit.append(trx, { actor: null, tenderId: t.id, action: 'evaluation.aggregated', payload: { aggregate: computed.aggregate, ranking: computed.ranking, flags: computed.flags } });
    await event(trx, t.id, 'scores-aggregated', { ranking: computed.ranking.map(({ rank, bid, bidderOrganization, total }) => ({ rank, bid, bidderOrganization, total })) });
    for (const f of flags) {
      await event(trx, t.id, 'deviation-flagged', { id: f.id, member: f.member, bid: f.bid, criterion: f.criterion, score: f.score, mean: f.mean });
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

  /** The chair closes the review: every flag resolved; the report is assembled and members sign. */
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
      await audit.append(trx, { actor, tenderId, action: 'evaluation.report-ready', payload: { candidates: session.result?.candidates } });
      await event(trx, tenderId, 'report-ready', {});
      await setStage(trx, tenderId, 'review', 'signing', now, { report });
    });
  }

  /** 否决所有投标: with fewer than 3 compliant bids the committee may reject all; the tender fails. */
  async function rejectAll(actor: Actor, tenderId: string, reason: string): Promise<void> {
    await asMember(actor, tenderId, async (trx, { t, session, now }) => {
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
      void t;
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
        await audit.append(trx, { actor: null, tenderId, action: 'evaluation.completed', payload: { candidates: session.result?.candidates } });
        await setStage(trx, tenderId, 'signing', 'done', now);
      }
      return { signedAt: fromMs(now) };
    });
  }

  // ---- reading ------------------------------------------------------------------------------

  /** GET /evaluation: the session as this viewer may see it (members: own drafts; everyone's scores only after aggregation). */
  async function view(actor: Actor | null, tenderId: string): Promise<Record<string, unknown>> {
    const { t, role, members } = await access(actor, tenderId);
    const me = actor as Actor;
    const session = (await store.findSession(db, tenderId)) ?? { tenderId, stage: 'chair' as const, chairId: null, result: null, report: null, rejectedReason: null, updatedAt: 0 };
    const [bids, submissions, flags, votes] = await Promise.all([
      evaluationBids(db, tenderId), store.listSubmissions(db, tenderId), store.listFlags(db, tenderId), store.listVotes(db, tenderId),
    ]);
    const after = ['review', 'signing', 'done', 'rejected'].includes(session.stage);
    const stamp = (member: string, kind: store.SubmissionKind) => {
      const s = submissions.find((x) => x.member === member && x.kind === kind);
      return s?.submittedAt ? fromMs(s.submittedAt) : null;
    };
    return {
      tenderId,
      stage: session.stage,
      evaluationMethod: t.evaluationMethod,
      criteria: t.criteria,
      complianceItems: t.complianceItems,
      bids: bids.map(({ bid, bidderOrganization, items }) => ({ bid, bidderOrganization, items })),
      members: members.map((m) => ({
        userId: m.userId, displayName: m.displayName, seat: m.seat, chair: session.chairId === m.userId,
        complianceSubmittedAt: stamp(m.userId, 'compliance'), scoresSubmittedAt: stamp(m.userId, 'scores'), signedAt: stamp(m.userId, 'signature'),
        returned: submissions.find((x) => x.member === m.userId && x.kind === 'scores' && x.returnedAt !== null && x.submittedAt === null)?.returnReason ?? null,
      })),
      chairVotes: { cast: votes.length, mine: votes.find((v) => v.voterId === me.id)?.candidateId ?? null },
      me: { role, userId: me.id, chair: session.chairId === me.id },
      compliance: {
        mine: role === 'member' ? await store.listCompliance(db, tenderId, me.id) : [],
        result: session.result?.compliance ?? null,
      },
      scores: {
        mine: role === 'member' ? await store.listScores(db, tenderId, me.id) : [],
        all: after ? await store.listScores(db, tenderId) : null,
      },
      results: after ? (session.result?.aggregate ?? null) : null,
      ranking: after ? (session.result?.ranking ?? null) : null,
      candidates: after ? (session.result?.candidates ?? null) : null,
      flags: after || role === 'member' ? flags.map((f) => ({ ...f, raisedAt: fromMs(f.raisedAt), resolvedAt: f.resolvedAt === null ? null : fromMs(f.resolvedAt) })) : [],
      rejectedReason: session.rejectedReason,
    };
  }

  /** GET /evaluation/report: the report data once assembled. */
  async function report(actor: Actor | null, tenderId: string): Promise<Record<string, unknown>> {
    await access(actor, tenderId);
    const session = await store.findSession(db, tenderId);
    if (!session?.report) {
      throw notFound('evaluation report');
    }
    const signatures = (await store.listSubmissions(db, tenderId))
      .filter((s) => s.kind === 'signature' && s.submittedAt !== null)
      .map((s) => ({ userId: s.member, agree: s.agree, dissent: s.dissent, signedAt: fromMs(s.submittedAt as number) }));
    return { ...session.report, signatures };
  }

  async function assembleReport(trx: Db, t: Tender, session: store.SessionRow, members: store.Member[], bids: EvalBid[]): Promise<Record<string, unknown>> {
    return {
      tenderId: t.id,
      code: t.code,
      title: t.title,
      evaluationMethod: t.evaluationMethod,
      criteria: t.criteria,
      complianceItems: t.complianceItems,
      members: members.map((m) => ({ userId: m.userId, displayName: m.displayName, organizationName: m.organizationName, seat: m.seat, chair: m.userId === session.chairId })),
      bids: bids.map(({ bid, bidderOrganization, items }) => ({ bid, bidderOrganization, items })),
      compliance: { decisions: session.result?.compliance ?? [], entries: await store.listCompliance(trx, t.id) },
      scores: await store.listScores(trx, t.id),
      aggregate: session.result?.aggregate ?? null,
      flags: await store.listFlags(trx, t.id),
      ranking: session.result?.ranking ?? [],
      candidates: session.result?.candidates ?? [],
    };
  }

  // ---- helpers ------------------------------------------------------------------------------

  function compliantBids(session: store.SessionRow): string[] {
    return (session.result?.compliance ?? []).filter((c) => c.passed).map((c) => c.bid);
  }

  async function submitted(trx: Db, tenderId: string, member: string, kind: store.SubmissionKind): Promise<boolean> {
    return (await store.listSubmissions(trx, tenderId)).some((s) => s.member === member && s.kind === kind && s.submittedAt !== null);
  }

  async function allSubmitted(trx: Db, tenderId: string, members: store.Member[], kind: store.SubmissionKind): Promise<boolean> {
    const done = new Set((await store.listSubmissions(trx, tenderId)).filter((s) => s.kind === kind && s.submittedAt !== null).map((s) => s.member));
    return members.every((m) => done.has(m.userId));
  }
}

/** The valid bids of the opening record, named by their commitment sha256, with the price in fen. */
export async function evaluationBids(db: Db, tenderId: string): Promise<EvalBid[]> {
  const rows: Record<string, unknown>[] = await db('opening_bids as b')
    .join('opening_commitments as c', (j) => j.on('c.tender_id', '=', 'b.tender_id').andOn('c.bid_id', '=', 'b.bid_id'))
    .where({ 'b.tender_id': tenderId, 'b.status': 'valid' })
    .orderBy('c.position')
    .select('c.sha256', 'b.bidder_id', 'b.bidder_organization', 'b.items');
  return rows.map((r) => {
    const items = JSON.parse(r.items as string) as Record<string, unknown>;
    return {
      bid: r.sha256 as string,
      bidderId: r.bidder_id as string,
      bidderOrganization: (r.bidder_organization as string | null) ?? null,
      items,
      priceFen: yuanToFen(String(items.price)),
    };
  });
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
