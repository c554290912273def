/**
 * The hall's state as a pure function of a snapshot and the sequenced events that follow it
 * (DESIGN §6). Events apply once, in seq order: a seq at or below the current one is a duplicate
 * (ignored), one beyond the next is a gap (the caller re-joins with lastSeq). Each event's effect is
 * also idempotent on content, because the server reads the seq before it builds a snapshot, so an
 * event racing the snapshot may arrive again with a seq above it.
 */
import type { SessionEvent } from '../../../server/realtime/protocol';
import type { Confirmation, HallBid, HallEvent, HallMe, HallNotice, HallStage, Objection, OpeningSnapshot, Progress, SignIn } from './hall-types';

export type HallState = { hall: OpeningSnapshot; seq: number };
export type Outcome = 'applied' | 'duplicate' | 'gap';
export type Applied = { state: HallState; outcome: Outcome };

/** What `join` acknowledged, when it was not an error. */
export type JoinResult = { snapshot: OpeningSnapshot & { seq: number } } | { events: SessionEvent[]; seq: number };

const STAGE_ORDER: HallStage[] = ['sign-in', 'sealing', 'decryption', 'confirmation', 'ended'];

/** A state from a full snapshot (the join ack carries its seq). */
export function fromSnapshot(snapshot: OpeningSnapshot & { seq: number }): HallState {
  const { seq, ...hall } = snapshot;
  return { hall, seq };
}

/** Applies one sequenced event: once, and only the next one in order. */
export function applyEvent(state: HallState, event: SessionEvent): Applied {
  if (event.seq <= state.seq) {
    return { state, outcome: 'duplicate' };
  }
  if (event.seq > state.seq + 1) {
    return { state, outcome: 'gap' };
  }
  return { state: { hall: reduceEvent(state.hall, event), seq: event.seq }, outcome: 'applied' };
}

/** Applies events in seq order (whatever order they came in); stops at the first gap and says so. */
export function applyEvents(state: HallState, events: SessionEvent[]): Applied {
  let current = state;
  let applied = false;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const r = applyEvent(current, event);
    if (r.outcome === 'gap') {
      return { state: current, outcome: 'gap' };
    }
    applied ||= r.outcome === 'applied';
    current = r.state;
  }
  return { state: current, outcome: applied ? 'applied' : 'duplicate' };
}

/** The join ack: a snapshot replaces the state; missed events are applied to it. */
export function applyJoin(state: HallState | null, ack: JoinResult): Applied | { state: null; outcome: 'gap' } {
  if ('snapshot' in ack) {
    return { state: fromSnapshot(ack.snapshot), outcome: 'applied' };
  }
  if (!state) {
    return { state: null, outcome: 'gap' }; // events without a base: ask for a snapshot
  }
  return applyEvents(state, ack.events);
}

/** A private notice: `signed-in` tells the bidder its own sign-in time (no one else learns it before sealing). */
export function applyNotice(state: HallState, notice: HallNotice): HallState {
  if (notice.type === 'signed-in' && typeof notice.payload.signedInAt === 'string' && state.hall.me) {
    return patchMe(state, { signedInAt: state.hall.me.signedInAt ?? notice.payload.signedInAt });
  }
  return state;
}

/** The caller's own result of a command (sign-in, confirm, decrypt) before the next snapshot says so. */
export function patchMe(state: HallState, patch: Partial<HallMe>): HallState {
  if (!state.hall.me) {
    return state;
  }
  return { ...state, hall: { ...state.hall, me: { ...state.hall.me, ...patch } } };
}

/** Events that change the stage, and so what `me` says (bidStatus becomes 'pending' at sealing…). */
const STAGE_EVENTS = new Set(['opening-started', 'commitments-published', 'decryption-started', 'record-ready', 'opening-completed', 'tender-failed']);

/**
 * Whether `me` may have changed with this event: events carry no `me`, so the caller fetches it
 * again. A revealed bid concerns only a bidder whose own bid is still unrecorded (platform and
 * backup decryption); everyone else is spared a fetch per bid.
 */
export function isMeStale(hall: OpeningSnapshot, event: Pick<SessionEvent, 'type'>): boolean {
  if (!hall.me) {
    return false;
  }
  if (STAGE_EVENTS.has(event.type)) {
    return true;
  }
  const unrecorded = hall.me.hasBid && (hall.me.bidStatus === 'pending' || hall.me.bidStatus === null);
  return unrecorded && (event.type === 'bid-revealed' || event.type === 'bid-invalid');
}

/** Keeps the public part and seq, takes `me` from a snapshot fetched over HTTP. */
export function withMe(state: HallState, me: HallMe | null): HallState {
  return { ...state, hall: { ...state.hall, me } };
}

/** One event's effect on the hall; unknown types change nothing (a newer server may add some). */
export function reduceEvent(hall: OpeningSnapshot, event: SessionEvent): OpeningSnapshot {
  const e = event as unknown as HallEvent;
  switch (e.type) {
    case 'opening-started':
      return { ...hall, status: openingStatus(hall.status), stage: advance(hall.stage, 'sealing'), bidDeadline: e.payload.bidDeadline };
    case 'commitments-published': {
      const progress = { ...hall.progress, total: e.payload.count };
      return { ...hall, status: openingStatus(hall.status), stage: advance(hall.stage, 'sealing'), sealedAt: e.payload.sealedAt, commitments: e.payload.commitments, progress };
    }
    case 'sign-ins-published':
      return { ...hall, signIns: addSignIns(hall.signIns, e.payload.bidders, e.payload.count) };
    case 'bidder-signed-in': {
      const { bidderOrganization, signedInAt, count } = e.payload;
      return { ...hall, signIns: addSignIns(hall.signIns, [{ bidderOrganization, signedInAt }], count) };
    }
    case 'decryption-started':
      return {
        ...hall,
        stage: advance(hall.stage, 'decryption'),
        openingMode: e.payload.openingMode,
        decryptionEndsAt: e.payload.decryptionEndsAt,
        progress: { ...hall.progress, total: e.payload.total },
      };
    case 'bid-revealed':
    case 'bid-invalid': {
      const p = e.payload;
      const bid: HallBid = {
        sha256: p.sha256,
        bidderOrganization: p.bidderOrganization,
        status: e.type === 'bid-revealed' ? 'valid' : 'invalid',
        reason: e.type === 'bid-invalid' ? e.payload.reason : null,
        items: e.type === 'bid-revealed' ? e.payload.items : (e.payload.items ?? null),
        decryptedBy: p.decryptedBy,
        decryptedAt: e.at,
      };
      const bids = upsert(hall.bids, bid, (b) => b.sha256 === bid.sha256 || (b.sha256 === null && b.bidderOrganization === bid.bidderOrganization));
      return { ...hall, stage: advance(hall.stage, 'decryption'), bids, progress: progressOf(bids, Math.max(hall.progress.total, p.progress?.total ?? 0)) };
    }
    case 'record-ready':
      return {
        ...hall,
        stage: advance(hall.stage, 'confirmation'),
        recordReadyAt: e.payload.recordReadyAt,
        confirmationEndsAt: e.payload.confirmationEndsAt,
        progress: { ...hall.progress, valid: e.payload.valid, invalid: e.payload.invalid, recorded: Math.max(hall.progress.recorded, e.payload.valid + e.payload.invalid) },
      };
    case 'bid-confirmed':
      return { ...hall, confirmations: addConfirmation(hall.confirmations, { ...e.payload, deemed: false }) };
    case 'objection-raised':
    case 'objection-answered':
      return { ...hall, objections: upsertObjection(hall.objections, e.payload.objection) };
    case 'opening-completed': {
      const { endedAt } = e.payload;
      const confirmations = e.payload.deemedConfirmed.reduce((list, org) => addConfirmation(list, { bidderOrganization: org, confirmedAt: endedAt, deemed: true }), hall.confirmations);
      const progress = { ...hall.progress, valid: e.payload.valid, invalid: e.payload.invalid };
      return { ...hall, status: 'opened', stage: 'ended', endedAt, confirmations, progress };
    }
    case 'tender-failed':
      return { ...hall, status: 'failed', stage: 'ended', failureReason: e.payload.reason, endedAt: hall.endedAt ?? e.payload.failedAt };
    case 'session-paused':
      return { ...hall, pausedAt: e.payload.pausedAt, pauseReason: e.payload.reason };
    case 'session-resumed':
      return { ...hall, pausedAt: null, pauseReason: null, decryptionEndsAt: e.payload.decryptionEndsAt, confirmationEndsAt: e.payload.confirmationEndsAt };
    default:
      return hall;
  }
}

/** Stages only move forward: a late duplicate never takes the hall back. */
function advance(current: HallStage, to: HallStage): HallStage {
  return STAGE_ORDER.indexOf(to) > STAGE_ORDER.indexOf(current) ? to : current;
}

function openingStatus(status: string): string {
  return status === 'published' ? 'opening' : status;
}

function upsert<T>(list: T[], item: T, same: (x: T) => boolean): T[] {
  const i = list.findIndex(same);
  return i < 0 ? [...list, item] : list.map((x, j) => (j === i ? item : x));
}

function progressOf(bids: HallBid[], total: number): Progress {
  const valid = bids.filter((b) => b.status === 'valid').length;
  return { total: Math.max(total, bids.length), recorded: bids.length, valid, invalid: bids.length - valid };
}

/** Sign-ins are only ever added: a list published at sealing merges with later ones. */
function addSignIns(current: OpeningSnapshot['signIns'], added: SignIn[], count: number): OpeningSnapshot['signIns'] {
  const fresh = added.filter((a) => !current.bidders.some((b) => b.bidderOrganization === a.bidderOrganization && b.signedInAt === a.signedInAt));
  const bidders = [...current.bidders, ...fresh].sort((a, b) => a.signedInAt.localeCompare(b.signedInAt));
  return { count: Math.max(count, current.count ?? 0, bidders.length), bidders };
}

/** One confirmation per organization: a real one is never replaced by a deemed one. */
function addConfirmation(list: Confirmation[], c: Confirmation): Confirmation[] {
  return list.some((x) => x.bidderOrganization === c.bidderOrganization) ? list : [...list, c];
}

/** An answer never goes back to unanswered (a late `objection-raised` for the same id). */
function upsertObjection(list: Objection[], o: Objection): Objection[] {
  const existing = list.find((x) => x.id === o.id);
  if (existing?.answeredAt && !o.answeredAt) {
    return list;
  }
  return upsert(list, o, (x) => x.id === o.id);
}
