/** Snapshots and events of the opening hall as the contract shapes them (docs/api-contracts.md). */
import type { SessionEvent } from '../../../server/realtime/protocol';
import type { HallEventType, OpeningSnapshot } from '../../../client/src/opening/hall-types';

export const TENDER = '01JTENDER0000000000000000A';
export const SHA = ['a1'.repeat(32), 'b2'.repeat(32), 'c3'.repeat(32)];

/** The hall of a published tender before its deadline, as a bidder that has not signed in sees it. */
export function signInSnapshot(over: Partial<OpeningSnapshot> = {}): OpeningSnapshot {
  return {
    tenderId: TENDER,
    code: 'ZB-2026-001',
    title: '市政道路改造工程',
    status: 'published',
    openingMode: 'bidder',
    undecryptedBids: 'invalid',
    stage: 'sign-in',
    serverTime: '2026-12-25T01:29:00.000Z',
    bidDeadline: '2026-12-25T01:30:00.000Z',
    sealedAt: null,
    decryptionEndsAt: null,
    recordReadyAt: null,
    confirmationEndsAt: null,
    endedAt: null,
    pausedAt: null,
    pauseReason: null,
    failureReason: null,
    signIns: { count: null, bidders: [] },
    commitments: [],
    progress: { total: 0, recorded: 0, valid: 0, invalid: 0 },
    bids: [],
    confirmations: [],
    objections: [],
    me: { role: 'bidder', participant: true, signedInAt: null, hasBid: true, bidStatus: null, confirmedAt: null },
    ...over,
  };
}

const objection = { id: 'OBJ1', bidderOrganization: '乙公司', text: '报价唱错', raisedAt: '2026-12-25T01:41:00.000Z', answer: null, answeredAt: null };

/** One event of every type of the contract, in the order a session produces them. */
export const SAMPLE: Record<HallEventType, Omit<SessionEvent, 'seq'>> = {
  'opening-started': { at: '2026-12-25T01:30:00.000Z', type: 'opening-started', payload: { bidDeadline: '2026-12-25T01:30:00.000Z', startedAt: '2026-12-25T01:30:00.000Z' } },
  'commitments-published': {
    at: '2026-12-25T01:30:05.000Z',
    type: 'commitments-published',
    payload: { sealedAt: '2026-12-25T01:30:05.000Z', count: 3, commitments: SHA.map((sha256, i) => ({ sha256, size: 1000 + i })) },
  },
  'sign-ins-published': {
    at: '2026-12-25T01:30:05.000Z',
    type: 'sign-ins-published',
    payload: { count: 2, bidders: [{ bidderOrganization: '甲公司', signedInAt: '2026-12-25T01:00:00.000Z' }, { bidderOrganization: '乙公司', signedInAt: '2026-12-25T01:10:00.000Z' }] },
  },
  'bidder-signed-in': { at: '2026-12-25T01:31:00.000Z', type: 'bidder-signed-in', payload: { bidderOrganization: '丙公司', signedInAt: '2026-12-25T01:31:00.000Z', count: 3 } },
  'decryption-started': { at: '2026-12-25T01:30:05.000Z', type: 'decryption-started', payload: { openingMode: 'bidder', decryptionEndsAt: '2026-12-25T02:00:00.000Z', total: 3 } },
  'bid-revealed': {
    at: '2026-12-25T01:35:00.000Z',
    type: 'bid-revealed',
    payload: { sha256: SHA[0], bidderOrganization: '甲公司', items: { price: '9876543.21', durationDays: 180 }, decryptedBy: 'bidder', progress: { recorded: 1, total: 3 } },
  },
  'bid-invalid': {
    at: '2026-12-25T01:36:00.000Z',
    type: 'bid-invalid',
    payload: { sha256: SHA[1], bidderOrganization: '乙公司', reason: 'signature invalid', decryptedBy: 'bidder', progress: { recorded: 2, total: 3 } },
  },
  'record-ready': { at: '2026-12-25T02:00:00.000Z', type: 'record-ready', payload: { recordReadyAt: '2026-12-25T02:00:00.000Z', confirmationEndsAt: '2026-12-25T02:30:00.000Z', valid: 2, invalid: 1 } },
  'bid-confirmed': { at: '2026-12-25T02:01:00.000Z', type: 'bid-confirmed', payload: { bidderOrganization: '甲公司', confirmedAt: '2026-12-25T02:01:00.000Z' } },
  'objection-raised': { at: '2026-12-25T02:02:00.000Z', type: 'objection-raised', payload: { objection } },
  'objection-answered': {
    at: '2026-12-25T02:03:00.000Z',
    type: 'objection-answered',
    payload: { objection: { ...objection, answer: '已核实，唱标无误', answeredAt: '2026-12-25T02:03:00.000Z' } },
  },
  'opening-completed': { at: '2026-12-25T02:30:00.000Z', type: 'opening-completed', payload: { valid: 2, invalid: 1, endedAt: '2026-12-25T02:30:00.000Z', deemedConfirmed: ['丙公司'] } },
  'tender-failed': { at: '2026-12-25T01:30:05.000Z', type: 'tender-failed', payload: { reason: 'fewer than 3 bids in force at the opening (2)', failedAt: '2026-12-25T01:30:05.000Z' } },
  'session-paused': { at: '2026-12-25T02:05:00.000Z', type: 'session-paused', payload: { stage: 'confirmation', reason: 'CA 服务中断', pausedAt: '2026-12-25T02:05:00.000Z' } },
  'session-resumed': {
    at: '2026-12-25T02:15:00.000Z',
    type: 'session-resumed',
    payload: { resumedAt: '2026-12-25T02:15:00.000Z', pausedMs: 600_000, decryptionEndsAt: null, confirmationEndsAt: '2026-12-25T02:40:00.000Z' },
  },
};

/** Events with consecutive seqs from `from`. */
export function numbered(events: Omit<SessionEvent, 'seq'>[], from: number): SessionEvent[] {
  return events.map((e, i) => ({ ...e, seq: from + i }));
}

/** A third bid revealed (a valid one), to complete the record. */
export const THIRD_BID: Omit<SessionEvent, 'seq'> = {
  at: '2026-12-25T01:37:00.000Z',
  type: 'bid-revealed',
  payload: { sha256: SHA[2], bidderOrganization: '丙公司', items: { price: '10000000', durationDays: 200 }, decryptedBy: 'backup', progress: { recorded: 3, total: 3 } },
};
