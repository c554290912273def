import type { AuditService } from '../audit';
import { findOrganizationsByIds, type Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db } from '../db';
import { fromMs, toMs } from '../db/convert';
import { HttpError, conflict, forbidden } from '../http/errors';
import { newId } from '../ids';
import { notify } from '../notifications';
import { isRegistered, listRegisteredBidderIds } from '../registration';
import { checkAmendment, earliestDeadlineAfterAmendment, findTender, ruleSet, updateTender, type Tender, type TenderService } from '../tenders';
import { canReadAllQuestions, canSeeAskers, isBeforeDeadline } from './policy';
import type { PublishClarificationBody } from './schema';
import * as store from './store';
import type { Clarification, Question } from './store';

export type ClarificationDeps = { db: Db; clock: Clock; audit: AuditService; config: Config; tenders: TenderService };

export type ClarificationService = ReturnType<typeof createClarificationService>;

/** A question with its asker, for supervisors only. */
export type QuestionWithAsker = Question & { askerOrganizationName: string | null };

/** Q&A (答疑) and clarifications/amendments (澄清/修改) of a published tender. */
export function createClarificationService({ db, clock, audit, config, tenders }: ClarificationDeps) {
  return { ask, listQuestions, publish, listClarifications };

  /** A registered bidder asks before bidDeadline; the event is sealed, the asker stays anonymous. */
  async function ask(actor: Actor, tenderId: string, text: string): Promise<Question> {
    await tenders.getForActor(actor, tenderId);
    return inTransaction(db, async (trx) => {
      const t = (await findTender(trx, tenderId)) as Tender;
      const now = clock.now().getTime();
      if (!isBeforeDeadline(t, now)) {
        throw conflict('INVALID_STATE', 'Questions are accepted while the tender is published, before its bid deadline');
      }
      if (!(await isRegistered(trx, tenderId, actor.id))) {
        throw new HttpError(403, 'NOT_REGISTERED', 'Register for the tender before asking');
      }
      const q: Question = { id: newId(), tenderId, askerId: actor.id, askerOrganizationId: actor.organizationId, text, askedAt: now, answeredBy: null };
      await store.insertQuestion(trx, q);
      await audit.append(trx, { actor, tenderId, action: 'question.asked', visibility: 'sealed', payload: { questionId: q.id } });
      return q;
    });
  }

  /** Supervisors: all with askers; owner agency and admins: all, anonymous; a bidder: its own. */
  async function listQuestions(actor: Actor, tenderId: string): Promise<{ questions: QuestionWithAsker[]; withAskers: boolean }> {
    const t = await tenders.getForActor(actor, tenderId);
    if (canSeeAskers(actor)) {
      return { questions: await withOrganizations(await store.listQuestions(db, tenderId)), withAskers: true };
    }
    if (canReadAllQuestions(actor, t)) {
      return { questions: (await store.listQuestions(db, tenderId)).map(anonymous), withAskers: false };
    }
    if (actor.role === 'bidder') {
      return { questions: (await store.listQuestions(db, tenderId, actor.id)).map(anonymous), withAskers: false };
    }
    throw forbidden('The questions are for the tender’s agency and supervisors');
  }

  /**
   * The owner agency publishes before bidDeadline. An amendment that may affect bids needs the rule
   * set's lead time before the (possibly moved) deadline (招标投标法 art. 23). Deadline move, answered
   * questions, notices to every registered bidder and the audit event commit together.
   */
  async function publish(actor: Actor, tenderId: string, body: PublishClarificationBody): Promise<Clarification> {
    await tenders.requireOwned(actor, tenderId);
    return inTransaction(db, async (trx) => {
      const t = await tenders.requireOwned(actor, tenderId, trx, true);
      const now = clock.now().getTime();
      if (!isBeforeDeadline(t, now)) {
        throw conflict('INVALID_STATE', 'Clarifications are published while the tender is published, before its bid deadline');
      }
      const newDeadline = body.newBidDeadline === undefined ? null : toMs(body.newBidDeadline);
      checkSchedule(t, body.affectsBids, newDeadline, now);
      const questionIds = await requireQuestions(trx, tenderId, [...new Set(body.questionIds ?? [])]);
      const c: Clarification = {
        id: newId(),
        tenderId,
        title: body.title,
        body: body.body,
        kind: body.affectsBids ? 'amendment' : 'clarification',
        questionIds,
        previousBidDeadline: newDeadline === null ? null : t.bidDeadline,
        newBidDeadline: newDeadline,
        publishedBy: actor.id,
        publishedAt: now,
      };
      await store.insertClarification(trx, c);
      await store.markAnswered(trx, questionIds, c.id);
      if (newDeadline !== null) {
        await updateTender(trx, tenderId, { bidDeadline: newDeadline, updatedAt: now });
      }
      const bidderIds = await listRegisteredBidderIds(trx, tenderId);
      await notify(trx, { userIds: bidderIds, tenderId, kind: 'clarification', title: c.title, refId: c.id, at: now });
      await audit.append(trx, { actor, tenderId, action: 'clarification.published', payload: auditPayload(c) });
      return c;
    });
  }

  /** Public: anyone who can see the tender. */
  async function listClarifications(actor: Actor | null, tenderId: string): Promise<Clarification[]> {
    await tenders.getForActor(actor, tenderId);
    return store.listClarifications(db, tenderId);
  }

  function checkSchedule(t: Tender, affectsBids: boolean, newDeadline: number | null, now: number): void {
    if (newDeadline !== null && newDeadline <= t.bidDeadline) {
      throw scheduleRule('newBidDeadline', 'an amendment may postpone the bid deadline, not bring it forward');
    }
    // Postponing only: registrationDeadline ≤ old bidDeadline < newDeadline, so it stays ≤ bidDeadline.
    const deadline = newDeadline ?? t.bidDeadline;
    if (!affectsBids) {
      return;
    }
    const rules = ruleSet(t.ruleSet ?? config.ruleSet);
    const violation = checkAmendment(rules, t.procurementMethod, deadline, now);
    if (violation) {
      const earliest = fromMs(earliestDeadlineAfterAmendment(rules, t.procurementMethod, now));
      throw scheduleRule(newDeadline === null ? 'bidDeadline' : 'newBidDeadline', `${violation.message} (earliest: ${earliest})`);
    }
  }

  async function requireQuestions(trx: Db, tenderId: string, ids: string[]): Promise<string[]> {
    const found = new Set(await store.findQuestionIds(trx, tenderId, ids));
    const missing = ids.map((id, i) => ({ id, i })).filter((x) => !found.has(x.id));
    if (missing.length > 0) {
      throw new HttpError(
        400,
        'VALIDATION',
        'questionIds names questions this tender does not have',
        missing.map((m) => ({ path: `questionIds.${m.i}`, message: 'no such question' })),
      );
    }
    return ids;
  }

  async function withOrganizations(questions: Question[]): Promise<QuestionWithAsker[]> {
    const ids = [...new Set(questions.map((q) => q.askerOrganizationId).filter((id): id is string => id !== null))];
    const names = new Map((await findOrganizationsByIds(db, ids)).map((o) => [o.id, o.name]));
    return questions.map((q) => ({ ...q, askerOrganizationName: q.askerOrganizationId ? (names.get(q.askerOrganizationId) ?? null) : null }));
  }
}

function anonymous(q: Question): QuestionWithAsker {
  return { ...q, askerId: '', askerOrganizationId: null, askerOrganizationName: null };
}

function scheduleRule(path: string, message: string): HttpError {
  return new HttpError(400, 'SCHEDULE_RULE', 'The clarification breaks the schedule rules', [{ path, message }]);
}

function auditPayload(c: Clarification): Record<string, unknown> {
  return {
    clarificationId: c.id,
    title: c.title,
    kind: c.kind,
    questionIds: c.questionIds,
    previousBidDeadline: c.previousBidDeadline === null ? null : fromMs(c.previousBidDeadline),
    newBidDeadline: c.newBidDeadline === null ? null : fromMs(c.newBidDeadline),
  };
}
