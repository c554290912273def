import type { Actor } from '../auth';
import { type Db } from '../db';
import { fromMs } from '../db/convert';
import { notFound } from '../http/errors';
import { type Tender } from '../tenders';
import * as store from './session-store';
import { evaluationBids, type EvalBid, type EvaluationDeps, type SessionCore } from './session-core';
import type { Aggregation } from './scoring';
import {
  presentAggregate, presentBid, presentCompliance, presentCriterion, presentDecision, presentFlag, presentRanked, presentReport, presentScore, type ReportSignature, type StoredReport,
} from './session-present';

/** Who is connected to a tender's /evaluation room (user ids). */
export type PresenceSource = (tenderId: string) => Promise<string[]>;

function signaturesOf(submissions: store.Submission[]): ReportSignature[] {
  return submissions
    .filter((s) => s.kind === 'signature' && s.submittedAt !== null)
    .map((s) => ({ userId: s.member, agree: s.agree, dissent: s.dissent, signedAt: fromMs(s.submittedAt as number) }));
}

/** Reading the session: the viewer's view and the report data. */
export function createSessionViews(deps: EvaluationDeps, core: SessionCore) {
  const { db } = deps;
  const { access } = core;
  let presence: PresenceSource | null = null;
  return {
    view,
    report,
    reportData,
    assembleReport,
    /** The realtime server tells who is in a tender's /evaluation room (members' `present`). */
    usePresence: (source: PresenceSource | null) => {
      presence = source;
    },
  };

  // ---- reading ------------------------------------------------------------------------------

  /** GET /evaluation and the /evaluation snapshot: the session as this viewer may see it (members: own drafts; everyone's scores only after aggregation). */
  async function view(actor: Actor | null, tenderId: string) {
    const { t, role, members } = await access(actor, tenderId);
    const me = actor as Actor;
    const session = (await store.findSession(db, tenderId)) ?? { tenderId, stage: 'chair' as const, chairId: null, result: null, report: null, rejectedReason: null, updatedAt: 0 };
    const [bids, submissions, flags, votes, present] = await Promise.all([
      evaluationBids(db, tenderId), store.listSubmissions(db, tenderId), store.listFlags(db, tenderId), store.listVotes(db, tenderId), presentUserIds(tenderId),
    ]);
    const after = ['review', 'signing', 'done', 'rejected'].includes(session.stage);
    const stamp = (member: string, kind: store.SubmissionKind) => {
      const s = submissions.find((x) => x.member === member && x.kind === kind);
      return s?.submittedAt ? fromMs(s.submittedAt) : null;
    };
    const scoresSubmitted = submissions.some((x) => x.member === me.id && x.kind === 'scores' && x.submittedAt !== null);
    const result = session.result;
    return {
      tenderId,
      stage: session.stage,
      evaluationMethod: t.evaluationMethod,
      criteria: t.criteria.map(presentCriterion),
      complianceItems: t.complianceItems.map((i) => ({ key: i.key, name: i.name })),
      bids: bids.map(presentBid),
      members: members.map((m) => ({
        userId: m.userId, displayName: m.displayName, seat: m.seat, chair: session.chairId === m.userId, present: present.has(m.userId),
        complianceSubmittedAt: stamp(m.userId, 'compliance'), scoresSubmittedAt: stamp(m.userId, 'scores'), signedAt: stamp(m.userId, 'signature'),
        returned: submissions.find((x) => x.member === m.userId && x.kind === 'scores' && x.returnedAt !== null && x.submittedAt === null)?.returnReason ?? null,
      })),
      chairVotes: { cast: votes.length, mine: votes.find((v) => v.voterId === me.id)?.candidateId ?? null },
      me: { role, userId: me.id, chair: session.chairId === me.id },
      compliance: {
        mine: role === 'member' ? (await store.listCompliance(db, tenderId, me.id)).map(presentCompliance) : [],
        result: result?.compliance ? result.compliance.map(presentDecision) : null,
      },
      scores: {
        mine: role === 'member' ? (await store.listScores(db, tenderId, me.id)).map(presentScore) : [],
        all: after ? (await store.listScores(db, tenderId)).map(presentScore) : null,
        // NOTE: what the caller may no longer change: observers never score; a member until its scores are submitted in the scoring stage.
        locked: role !== 'member' || session.stage !== 'scoring' || scoresSubmitted,
      },
      results: after ? presentAggregate(result?.aggregate as Aggregation | null | undefined) : null,
      ranking: after && result?.ranking ? result.ranking.map(presentRanked) : null,
      candidates: after && result?.candidates ? result.candidates.map(presentRanked) : null,
      flags: after || role === 'member' ? flags.map(presentFlag) : [],
      report: session.report ? presentReport(session.report as StoredReport, signaturesOf(submissions)) : null,
      rejectedReason: session.rejectedReason,
    };
  }

  /** GET /evaluation/report: the report data once assembled, as the API sends it. */
  async function report(actor: Actor | null, tenderId: string) {
    await access(actor, tenderId);
    const session = await store.findSession(db, tenderId);
    if (!session?.report) {
      throw notFound('evaluation report');
    }
    return presentReport(session.report as StoredReport, signaturesOf(await store.listSubmissions(db, tenderId)));
  }

  /** The report with the members' signatures (agree/dissent) as stored (hundredths, fen), for the evaluation report record (评标报告). */
  async function reportData(tenderId: string): Promise<Record<string, unknown>> {
    const session = await store.findSession(db, tenderId);
    if (!session?.report) {
      throw notFound('evaluation report');
    }
    return { ...session.report, signatures: signaturesOf(await store.listSubmissions(db, tenderId)) };
  }

  /** Who is in the tender's /evaluation room now (nobody without the realtime server). */
  async function presentUserIds(tenderId: string): Promise<Set<string>> {
    return new Set(presence ? await presence(tenderId).catch(() => []) : []);
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
}
