import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { yuanToFen } from '../db/convert';
import { conflict, forbidden, type HttpError, notFound } from '../http/errors';
import type { EventBus } from '../realtime';
import type { RecordRequester } from '../records';
import { findTender, isOwner, type Tender, type TenderService } from '../tenders';
import * as store from './session-store';

export type Role = 'member' | 'observer';

export type EvaluationDeps = {
  db: Knex;
  clock: Clock;
  config: Config;
  audit: AuditService;
  bus: EventBus;
  tenders: TenderService;
  records?: RecordRequester;
};

/** A bid under evaluation: a valid bid of the opening record, named by its commitment sha256. */
export type EvalBid = { bid: string; bidderId: string; bidderOrganization: string | null; items: Record<string, unknown>; priceFen: number };

export const stageError = (stage: string, action: string): HttpError => conflict('EVALUATION_STAGE', `Cannot ${action} in the evaluation's ${stage} stage`);

/** Default share of a criterion's weight a member's score may deviate from the mean before it is flagged (issue 5). */
export const DEVIATION_SHARE = 0.2;

/** What every step of the session shares: who may act, the locked transaction, stages and events. */
export function createSessionCore(deps: EvaluationDeps) {
  const { db, clock, audit, bus, tenders } = deps;
  return { access, authorizeJoin, asMember, requireChair, requireStage, event, setStage, compliantBids, submitted, allSubmitted };

  // ---- access -------------------------------------------------------------------------------



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

export type SessionCore = ReturnType<typeof createSessionCore>;

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
