import { createHash } from 'node:crypto';
import type { AuditService } from '../audit';
import type { Actor } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { inTransaction, type Db, type Knex } from '../db';
import { fromMs, fromMsOrNull } from '../db/convert';
import { conflict, forbidden, type HttpError, notFound } from '../http/errors';
import { newId } from '../ids';
import type { EventBus } from '../realtime';
import type { RecordRequester } from '../records';
import { confirmationWindowMs, findTender, isOwner, ruleSet, updateTender, MIN_VALID_BIDS, type Tender, type TenderService } from '../tenders';
import { BID_CONFIRMED, BIDDER_SIGNED_IN, NOTICE_SIGNED_IN, OBJECTION_ANSWERED, OBJECTION_RAISED, OPENING_COMPLETED, RECORD_READY, SESSION_PAUSED, SESSION_RESUMED } from './events';
import { presentObjection } from './present';
import { failTender } from './seal';
import { stageOf, type Stage } from './stage';
import * as store from './store';

export type HallDeps = {
  db: Knex;
  clock: Clock;
  config: Config;
  audit: AuditService;
  bus: EventBus;
  tenders: TenderService;
  isRegistered: (db: Db, tenderId: string, bidderId: string) => Promise<boolean>;
  findAccount: (userId: string) => Promise<{ organizationName: string | null } | undefined>;
  records?: RecordRequester;
};

export const stageError = (stage: Stage, action: string): HttpError => conflict('OPENING_STAGE', `Cannot ${action} in the hall's ${stage} stage`);

/**
 * The people's side of the opening hall (DESIGN §6): sign-in (签到), the record, confirmations,
 * objections (异议) and answers, and the session's end. Every change is one transaction under the
 * tender's row lock with its audit entry and live event.
 */
export function createHall(deps: HallDeps) {
  const { db, clock, audit, bus } = deps;
  return { signIn, confirm, object, answer, pause, resume, markRecordReady, closeIfDone, bidderIdsWithBids };

  /** 签到: a registered bidder is present. Before sealing only the bidder itself is told (no names, no count to the room). */
  async function signIn(actor: Actor, tenderId: string): Promise<{ signedInAt: number }> {
    const t = await visibleToBidder(actor, tenderId);
    const organization = await organizationOf(actor);
    return inTransaction(db, async (trx) => {
      const locked = (await findTender(trx, tenderId, { lock: true })) as Tender;
      const session = await store.findSession(trx, tenderId);
      const stage = stageOf(locked, session);
      if (stage === 'ended') {
        throw stageError(stage, 'sign in');
      }
      const now = clock.now().getTime();
      const { signIn: s, created } = await store.signIn(trx, t.id, { bidderId: actor.id, bidderOrganization: organization, signedInAt: now });
      if (created) {
        await audit.append(trx, { actor, tenderId, action: 'opening.signed-in', payload: { signedInAt: fromMs(now) }, visibility: locked.sealedAt === null ? 'sealed' : 'public' });
        if (locked.sealedAt !== null) {
          const count = (await store.listSignIns(trx, tenderId)).length;
          await bus.publish(trx, 'opening', tenderId, BIDDER_SIGNED_IN, { bidderOrganization: organization, signedInAt: fromMs(now), count });
        }
      }
      bus.notify(trx, 'opening', tenderId, { userId: actor.id }, NOTICE_SIGNED_IN, { signedInAt: fromMs(s.signedInAt) });
      return { signedInAt: s.signedInAt };
    });
  }

  /** A bidder with a bid in the record confirms it; idempotent. May end the session. */
  async function confirm(actor: Actor, tenderId: string): Promise<{ confirmedAt: number }> {
    await visibleToBidder(actor, tenderId);
    const organization = await organizationOf(actor);
    const result = await inTransaction(db, async (trx) => {
      await inConfirmationStage(trx, tenderId, 'confirm the record');
      await requireBidInRecord(trx, tenderId, actor);
      const existing = (await store.listConfirmations(trx, tenderId)).find((c) => c.bidderId === actor.id);
      if (existing) {
        return { confirmedAt: existing.confirmedAt };
      }
      const now = clock.now().getTime();
      await store.insertConfirmation(trx, tenderId, { bidderId: actor.id, bidderOrganization: organization, confirmedAt: now, deemed: false });
      await audit.append(trx, { actor, tenderId, action: 'opening.confirmed', payload: { bidderOrganization: organization } });
      await bus.publish(trx, 'opening', tenderId, BID_CONFIRMED, { bidderOrganization: organization, confirmedAt: fromMs(now) });
      return { confirmedAt: now };
    });
    await closeIfDone(tenderId);
    return result;
  }

  /** 异议: a bidder with a bid in the record objects with text during the confirmation stage. */
  async function object(actor: Actor, tenderId: string, text: string): Promise<store.Objection> {
    await visibleToBidder(actor, tenderId);
    const organization = await organizationOf(actor);
    return inTransaction(db, async (trx) => {
      await inConfirmationStage(trx, tenderId, 'object');
      await requireBidInRecord(trx, tenderId, actor);
      const objection: store.Objection = {
        id: newId(), tenderId, bidderId: actor.id, bidderOrganization: organization, text, raisedAt: clock.now().getTime(), answer: null, answeredBy: null, answeredAt: null,
      };
      await store.insertObjection(trx, objection);
      await audit.append(trx, { actor, tenderId, action: 'opening.objection-raised', payload: { objectionId: objection.id, bidderOrganization: organization, text } });
      await bus.publish(trx, 'opening', tenderId, OBJECTION_RAISED, { objection: presentObjection(objection) });
      return objection;
    });
  }

  /** The owner agency answers an objection in the session. May end the session. */
  async function answer(actor: Actor, tenderId: string, objectionId: string, text: string): Promise<store.Objection> {
    const t = await deps.tenders.getForActor(actor, tenderId);
    if (actor.role !== 'agency' || !isOwner(actor, t)) {
      throw forbidden('Only the tender\'s agency answers objections');
    }
    const answered = await inTransaction(db, async (trx) => {
      await inConfirmationStage(trx, tenderId, 'answer objections', true);
      const o = await store.findObjection(trx, tenderId, objectionId);
      if (!o) {
        throw notFound('objection');
      }
      if (o.answeredAt !== null) {
        throw conflict('CONFLICT', 'This objection has been answered');
      }
      const now = clock.now().getTime();
      await store.answerObjection(trx, objectionId, { text, by: actor.id, at: now });
      const done = { ...o, answer: text, answeredBy: actor.id, answeredAt: now };
      await audit.append(trx, { actor, tenderId, action: 'opening.objection-answered', payload: { objectionId, text } });
      await bus.publish(trx, 'opening', tenderId, OBJECTION_ANSWERED, { objection: presentObjection(done) });
      return done;
    });
    await closeIfDone(tenderId);
    return answered;
  }

  /**
   * The host pauses the hall (DESIGN §6) in a bidder-mode decryption window or the confirmation
   * window: bidders' decryptions, confirmations and objections wait; the window's clock stands still.
   */
  async function pause(actor: Actor, tenderId: string, reason: string): Promise<store.OpeningSession> {
    await requireHost(actor, tenderId);
    return inTransaction(db, async (trx) => {
      const t = (await findTender(trx, tenderId, { lock: true })) as Tender;
      const session = await store.findSession(trx, tenderId);
      const stage = stageOf(t, session);
      const pausable = stage === 'confirmation' || (stage === 'decryption' && t.openingMode === 'bidder');
      if (!session || !pausable || session.pausedAt !== null) {
        throw session?.pausedAt ? conflict('OPENING_STAGE', 'The hall is already paused') : stageError(stage, 'pause the hall');
      }
      const now = clock.now().getTime();
      await store.updateSession(trx, tenderId, { pausedAt: now, pauseReason: reason });
      await audit.append(trx, { actor, tenderId, action: 'opening.paused', payload: { stage, reason } });
      await bus.publish(trx, 'opening', tenderId, SESSION_PAUSED, { stage, reason, pausedAt: fromMs(now) });
      return { ...session, pausedAt: now, pauseReason: reason };
    });
  }

  /** The host resumes: the running window gets back the time it stood still. */
  async function resume(actor: Actor, tenderId: string): Promise<store.OpeningSession> {
    await requireHost(actor, tenderId);
    return inTransaction(db, async (trx) => {
      await findTender(trx, tenderId, { lock: true });
      const session = await store.findSession(trx, tenderId);
      if (!session || session.pausedAt === null) {
        throw conflict('OPENING_STAGE', 'The hall is not paused');
      }
      const now = clock.now().getTime();
      const pausedMs = now - session.pausedAt;
      const windowEnd =
        session.recordReadyAt === null
          ? { decryptionEndsAt: (session.decryptionEndsAt as number) + pausedMs }
          : { confirmationEndsAt: (session.confirmationEndsAt as number) + pausedMs };
      await store.updateSession(trx, tenderId, { ...windowEnd, pausedAt: null, pauseReason: null });
      const resumed = { ...session, ...windowEnd, pausedAt: null, pauseReason: null };
      const payload = {
        resumedAt: fromMs(now), pausedMs, decryptionEndsAt: fromMsOrNull(resumed.decryptionEndsAt), confirmationEndsAt: fromMsOrNull(resumed.confirmationEndsAt),
      };
      await audit.append(trx, { actor, tenderId, action: 'opening.resumed-by-host', payload });
      await bus.publish(trx, 'opening', tenderId, SESSION_RESUMED, payload);
      return resumed;
    });
  }

  async function requireHost(actor: Actor, tenderId: string): Promise<void> {
    const t = await deps.tenders.getForActor(actor, tenderId);
    if (actor.role !== 'agency' || !isOwner(actor, t)) {
      throw forbidden('Only the tender\'s agency hosts the opening');
    }
  }

  /**
   * Once every committed bid is recorded: the opening record is assembled (its SHA-256 on the audit
   * trail) and the confirmation window opens. In the caller's transaction; a no-op when not all are
   * recorded yet or already done. Returns whether the record became ready.
   */
  async function markRecordReady(trx: Knex.Transaction, tenderId: string): Promise<boolean> {
    const t = await findTender(trx, tenderId, { lock: true });
    const session = await store.findSession(trx, tenderId);
    if (!t || t.status !== 'opening' || !session || session.recordReadyAt !== null) {
      return false;
    }
    const commitments = await store.listCommitments(trx, tenderId);
    const bids = await store.listOpeningBids(trx, tenderId);
    if (bids.length < commitments.length) {
      return false;
    }
    const now = clock.now().getTime();
    const confirmationEndsAt = now + confirmationWindowMs(ruleSet(t.ruleSet ?? deps.config.ruleSet));
    await store.updateSession(trx, tenderId, { recordReadyAt: now, confirmationEndsAt });
    const valid = bids.filter((b) => b.status === 'valid').length;
    const record = {
      commitments: commitments.map(({ sha256, size }) => ({ sha256, size })),
      bids: bids.map((b) => ({ bidderOrganization: b.bidderOrganization, status: b.status, reason: b.reason, items: b.items, decryptedBy: b.decryptedBy })),
    };
    const recordSha256 = createHash('sha256').update(JSON.stringify(record)).digest('hex');
    await audit.append(trx, { actor: null, tenderId, action: 'opening.record-ready', payload: { recordSha256, valid, invalid: bids.length - valid } });
    await bus.publish(trx, 'opening', tenderId, RECORD_READY, {
      recordReadyAt: fromMs(now), confirmationEndsAt: fromMs(confirmationEndsAt), valid, invalid: bids.length - valid,
    });
    return true;
  }

  /**
   * Ends the session when every bidder in the record has confirmed or objected, or the confirmation
   * window is over, and no objection waits for an answer: silent bidders are deemed to confirm
   * (招标投标法实施条例 art. 44), and the tender is `opened`, or `failed` with fewer than 3 valid bids.
   * Idempotent and safe from any process (row lock).
   */
  async function closeIfDone(tenderId: string): Promise<boolean> {
    return inTransaction(db, async (trx) => {
      const t = await findTender(trx, tenderId, { lock: true });
      const session = await store.findSession(trx, tenderId);
      if (!t || !session || stageOf(t, session) !== 'confirmation' || session.pausedAt !== null) {
        return false;
      }
      const now = clock.now().getTime();
      const objections = await store.listObjections(trx, tenderId);
      if (objections.some((o) => o.answeredAt === null)) {
        return false;
      }
      const confirmations = await store.listConfirmations(trx, tenderId);
      const responded = new Set([...confirmations.map((c) => c.bidderId), ...objections.map((o) => o.bidderId)]);
      const bids = await store.listOpeningBids(trx, tenderId);
      const silent = [...new Map(bids.filter((b) => !responded.has(b.bidderId)).map((b) => [b.bidderId, b])).values()];
      if (silent.length > 0 && now < (session.confirmationEndsAt as number)) {
        return false;
      }
      for (const b of silent) {
        await store.insertConfirmation(trx, tenderId, { bidderId: b.bidderId, bidderOrganization: b.bidderOrganization, confirmedAt: now, deemed: true });
      }
      await store.updateSession(trx, tenderId, { endedAt: now });
      const valid = bids.filter((b) => b.status === 'valid').length;
      const summary = {
        valid,
        invalid: bids.length - valid,
        endedAt: fromMs(now),
        confirmed: confirmations.length,
        deemedConfirmed: silent.map((b) => b.bidderOrganization),
        objections: objections.length,
      };
      await deps.records?.request(trx, { tenderId, kind: 'opening_record', title: `开标记录表：${t.title}`.slice(0, 200), audience: 'participants', source: { tenderId } });
      if (valid < MIN_VALID_BIDS) {
        await audit.append(trx, { actor: null, tenderId, action: 'opening.ended', payload: summary });
        await failTender({ audit, bus }, trx, t, `fewer than ${MIN_VALID_BIDS} valid bids at the opening (${valid} of ${bids.length}); 招标投标法实施条例 art. 44`, now);
        return true;
      }
      await updateTender(trx, tenderId, { status: 'opened', updatedAt: now });
      await audit.append(trx, { actor: null, tenderId, action: 'opening.completed', payload: summary });
      await bus.publish(trx, 'opening', tenderId, OPENING_COMPLETED, { valid, invalid: summary.invalid, endedAt: summary.endedAt, deemedConfirmed: summary.deemedConfirmed });
      return true;
    });
  }

  async function bidderIdsWithBids(dbOrTrx: Db, tenderId: string): Promise<Set<string>> {
    return new Set((await store.listOpeningBids(dbOrTrx, tenderId)).map((b) => b.bidderId));
  }

  /** NOTE: looked up before a transaction opens: the pool may have one connection (SQLite). */
  async function organizationOf(actor: Actor): Promise<string | null> {
    return (await deps.findAccount(actor.id))?.organizationName ?? null;
  }

  /** A registered bidder of a tender it can see; others 403 (the tender itself 404 when invisible). */
  async function visibleToBidder(actor: Actor, tenderId: string): Promise<Tender> {
    const t = await deps.tenders.getForActor(actor, tenderId);
    if (actor.role !== 'bidder' || !(await deps.isRegistered(db, tenderId, actor.id))) {
      throw forbidden('Only bidders registered for this tender take part in its opening');
    }
    return t;
  }

  async function inConfirmationStage(trx: Knex.Transaction, tenderId: string, action: string, whilePaused = false): Promise<void> {
    const t = (await findTender(trx, tenderId, { lock: true })) as Tender;
    const session = await store.findSession(trx, tenderId);
    const stage = stageOf(t, session);
    if (stage !== 'confirmation') {
      throw stageError(stage, action);
    }
    if (session?.pausedAt && !whilePaused) {
      throw conflict('OPENING_STAGE', `The host has paused the hall: cannot ${action} until it resumes`);
    }
  }

  async function requireBidInRecord(trx: Knex.Transaction, tenderId: string, actor: Actor): Promise<void> {
    if (!(await bidderIdsWithBids(trx, tenderId)).has(actor.id)) {
      throw forbidden('Only bidders whose bid is in the opening record confirm it or object');
    }
  }
}

export type Hall = ReturnType<typeof createHall>;
