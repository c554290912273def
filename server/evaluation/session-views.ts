import type { Actor } from '../auth';
import { type Db } from '../db';
import { fromMs } from '../db/convert';
import { notFound } from '../http/errors';
import { type Tender } from '../tenders';
import * as store from './session-store';
import { evaluationBids, type EvalBid, type EvaluationDeps, type SessionCore } from './session-core';

/** Reading the session: the viewer's view and the report data. */
export function createSessionViews(deps: EvaluationDeps, core: SessionCore) {
  const { db } = deps;
  const { access } = core;
  return { view, report, reportData, assembleReport };

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
    return reportData(tenderId);
  }

  /** The report with the members' signatures (agree/dissent), for the evaluation report record (评标报告). */
  async function reportData(tenderId: string): Promise<Record<string, unknown>> {
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
}
