import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { fenToYuan, fromMs } from '../db/convert';
import { HttpError, conflict, forbidden, notFound } from '../http/errors';
import { newId } from '../ids';
import { notify } from '../notifications';
import { isRegistered } from '../registration';
import { findTender, publicityEnd, ruleSet, updateTender, type Tender, type TenderService } from '../tenders';
import type { RecordRequester } from '../records';
import { readEvaluationResult } from './evaluation-result';
import { canSeeObjectors } from './policy';
import { presentCandidate, type PublicityView } from './present';
import type { AwardBody } from './schema';
import * as store from './store';
import type { Award, Publicity, PublicityObjection } from './store';

export type AwardDeps = { db: Db; clock: Clock; audit: AuditService; config: Config; tenders: TenderService; records?: RecordRequester };

export type AwardService = ReturnType<typeof createAwardService>;

/** notifications.title is at most 200 characters. */
const NOTICE_TITLE_MAX = 200;

/**
 * Candidate publicity (中标候选人公示), objections (异议) during it, and the award (定标) with its
 * notices. Each change is one transaction under the tender's row lock with its audit entry.
 */
export function createAwardService({ db, clock, audit, config, tenders, records }: AwardDeps) {
  return { publish, publicity, object, answer, award, getAward };

  /** The owner agency publishes the evaluation's candidates for the rule set's publicity period (招标投标法实施条例 art. 54: ≥3 days). */
  async function publish(actor: Actor, tenderId: string): Promise<PublicityView> {
    await tenders.requireOwned(actor, tenderId);
    await inTransaction(db, async (trx) => {
      const t = await tenders.requireOwned(actor, tenderId, trx, true);
      if (t.status !== 'evaluated') {
        throw stageError(t, 'publish the candidates');
      }
      const result = await readEvaluationResult(trx, tenderId);
      if (!result || result.candidates.length === 0) {
        throw conflict('EVALUATION_STAGE', 'The evaluation has no candidates to publish');
      }
      const now = clock.now().getTime();
      const p: Publicity = { tenderId, candidates: result.candidates, publishedAt: now, endsAt: publicityEnd(ruleSet(t.ruleSet ?? config.ruleSet), now) };
      await store.insertPublicity(trx, p);
      await updateTender(trx, tenderId, { status: 'publicity', updatedAt: now });
      await audit.append(trx, {
        actor, tenderId, action: 'candidates.published', payload: { publicityEndsAt: fromMs(p.endsAt), candidates: p.candidates.map(presentCandidate) },
      });
      await records?.request(trx, { tenderId, kind: 'candidate_publicity', title: `中标候选人公示：${t.title}`.slice(0, 200), audience: 'public', source: { tenderId } });
    });
    return publicity(actor, tenderId);
  }

  /** Public once published: candidates, committee members' names, the window, objections with answers. */
  async function publicity(actor: Actor | null, tenderId: string): Promise<PublicityView> {
    const t = await tenders.getForActor(actor, tenderId);
    const p = await store.findPublicity(db, tenderId);
    if (!p) {
      throw notFound('candidate publicity');
    }
    const committee = await store.listCommitteeNames(db, tenderId);
    const objections = await store.listObjections(db, tenderId);
    return { publicity: p, committee, objections, withObjectors: canSeeObjectors(actor, t) };
  }

  /** 异议: a bidder whose bid is in the opening record objects while now < publicityEndsAt. */
  async function object(actor: Actor, tenderId: string, text: string): Promise<PublicityObjection> {
    await tenders.getForActor(actor, tenderId);
    if (!(await isRegistered(db, tenderId, actor.id))) {
      throw forbidden('Only bidders whose bid was opened may object to the candidates');
    }
    return inTransaction(db, async (trx) => {
      const p = await publicityOf(trx, (await findTender(trx, tenderId, { lock: true })) as Tender, 'object');
      const now = clock.now().getTime();
      if (now >= p.endsAt) {
        throw conflict('EVALUATION_STAGE', `The publicity period ended at ${fromMs(p.endsAt)}`);
      }
      const bidder = (await store.listRecordedBidders(trx, tenderId)).find((b) => b.bidderId === actor.id);
      if (!bidder) {
        throw forbidden('Only bidders whose bid was opened may object to the candidates');
      }
      const o: PublicityObjection = {
        id: newId(), tenderId, bidderId: actor.id, bidderOrganization: bidder.bidderOrganization, text, raisedAt: now, answer: null, answeredBy: null, answeredAt: null,
      };
      await store.insertObjection(trx, o);
      await audit.append(trx, { actor, tenderId, action: 'candidates.objection-raised', payload: { objectionId: o.id, bidderOrganization: o.bidderOrganization, text } });
      return o;
    });
  }

  /** The owner agency answers an objection, once; also after the window, as the award waits for every answer. */
  async function answer(actor: Actor, tenderId: string, objectionId: string, text: string): Promise<PublicityObjection> {
    await tenders.requireOwned(actor, tenderId);
    return inTransaction(db, async (trx) => {
      await publicityOf(trx, await tenders.requireOwned(actor, tenderId, trx, true), 'answer objections');
      const o = await store.findObjection(trx, tenderId, objectionId);
      if (!o) {
        throw notFound('objection');
      }
      if (o.answeredAt !== null) {
        throw conflict('CONFLICT', 'This objection has been answered');
      }
      const now = clock.now().getTime();
      await store.answerObjection(trx, objectionId, { text, by: actor.id, at: now });
      await audit.append(trx, { actor, tenderId, action: 'candidates.objection-answered', payload: { objectionId, text } });
      return { ...o, answer: text, answeredBy: actor.id, answeredAt: now };
    });
  }

  /**
   * 定标: once the publicity period is over and every objection answered, the owner agency awards a
   * candidate (the first unless it gives a reason); the winner gets the award notice (中标通知书),
   * every other bidder in the opening record the result notice (中标结果通知书), in the same transaction.
   */
  async function award(actor: Actor, tenderId: string, body: AwardBody): Promise<Award> {
    await tenders.requireOwned(actor, tenderId);
    return inTransaction(db, async (trx) => {
      const t = await tenders.requireOwned(actor, tenderId, trx, true);
      const p = await publicityOf(trx, t, 'award');
      const now = clock.now().getTime();
      if (now < p.endsAt) {
        throw conflict('PUBLICITY_NOT_OVER', `The publicity period ends at ${fromMs(p.endsAt)}`);
      }
      if ((await store.listObjections(trx, tenderId)).some((o) => o.answeredAt === null)) {
        throw conflict('OBJECTION_PENDING', 'An objection raised during publicity waits for its answer');
      }
      const rank = body.rank ?? 1;
      const c = p.candidates.find((x) => x.rank === rank);
      if (!c) {
        throw new HttpError(400, 'VALIDATION', 'No candidate has this rank', [{ path: 'rank', message: `ranks are ${p.candidates.map((x) => x.rank).join(', ')}` }]);
      }
      const a: Award = {
        tenderId, rank, bid: c.bid, bidderId: c.bidderId, bidderOrganization: c.bidderOrganization, priceFen: c.priceFen, reason: body.reason ?? null, awardedAt: now, awardedBy: actor.id,
      };
      await store.insertAward(trx, a);
      await updateTender(trx, tenderId, { status: 'awarded', updatedAt: now });
      const notified = await sendNotices(trx, t, a);
      await requestNotices(trx, t, a);
      await audit.append(trx, {
        actor, tenderId, action: 'award.made', payload: { rank, bid: a.bid, bidderOrganization: a.bidderOrganization, price: fenToYuan(a.priceFen), reason: a.reason, notified },
      });
      return a;
    });
  }

  /** Public once awarded. */
  async function getAward(actor: Actor | null, tenderId: string): Promise<Award> {
    await tenders.getForActor(actor, tenderId);
    const a = await store.findAward(db, tenderId);
    if (!a) {
      throw notFound('award');
    }
    return a;
  }

  /** 中标通知书 to the winner, 中标结果通知书 to every other bidder in the opening record: each a signed record for its addressee. */
  async function requestNotices(trx: Knex.Transaction, t: Tender, a: Award): Promise<void> {
    if (!records) {
      return;
    }
    await records.request(trx, { tenderId: t.id, kind: 'award_notice', title: noticeTitle('中标通知书', t), audience: 'user', userId: a.bidderId, source: { tenderId: t.id, userId: a.bidderId } });
    for (const b of await store.listRecordedBidders(trx, t.id)) {
      if (b.bidderId !== a.bidderId) {
        await records.request(trx, { tenderId: t.id, kind: 'result_notice', title: noticeTitle('中标结果通知书', t), audience: 'user', userId: b.bidderId, source: { tenderId: t.id, userId: b.bidderId } });
      }
    }
  }

  async function publicityOf(trx: Knex.Transaction, t: Tender, action: string): Promise<Publicity> {
    const p = t.status === 'publicity' ? await store.findPublicity(trx, t.id) : undefined;
    if (!p) {
      throw stageError(t, action);
    }
    return p;
  }
}

async function sendNotices(trx: Knex.Transaction, t: Tender, a: Award): Promise<{ awardNotice: number; resultNotices: number }> {
  const others = (await store.listRecordedBidders(trx, t.id)).map((b) => b.bidderId).filter((id) => id !== a.bidderId);
  await notify(trx, { userIds: [a.bidderId], tenderId: t.id, kind: 'award_notice', title: noticeTitle('中标通知书', t), refId: null, at: a.awardedAt });
  await notify(trx, { userIds: others, tenderId: t.id, kind: 'result_notice', title: noticeTitle('中标结果通知书', t), refId: null, at: a.awardedAt });
  return { awardNotice: 1, resultNotices: others.length };
}

function noticeTitle(kind: string, t: Tender): string {
  return `${kind}：${t.title}`.slice(0, NOTICE_TITLE_MAX);
}

function stageError(t: Tender, action: string): HttpError {
  return conflict('EVALUATION_STAGE', `Cannot ${action} while the tender is ${t.status}`);
}
