/** Which parts and controls the evaluation room shows (client/src/evaluation/eval-view.ts, eval-compliance.ts). */
import { complianceEntries, complianceProblems, draftFromCompliance, passAll } from '../../../client/src/evaluation/eval-compliance';
import { bid8, compliantBids, controlsOf, itemEntries, returnableMembers, stepIndex, submittedCount } from '../../../client/src/evaluation/eval-view';
import { applyJoinAck, IDLE_ROOM } from '../../../client/src/evaluation/room-connection';
import { BID_A, BID_B, BID_C, DECIDED, ME, OTHER, sessionView } from './eval-fixtures';

const NONE = { vote: false, editCompliance: false, editScores: false, resolveFlags: false, returnScores: false, finalize: false, rejectAll: false, sign: false };
const asChair = { me: { role: 'member' as const, userId: ME, chair: true } };
const flag = (resolution: 'kept' | 'returned' | null) => ({
  id: '01JFLAGFLAGFLAGFLAGFLAG000', member: OTHER, bid: BID_A, criterion: 'technical', score: '10.00', mean: '25.00', resolution, note: null, raisedAt: '2026-12-25T01:00:00.000Z', resolvedAt: null,
});
const candidate = { rank: 1, bid: BID_A, bidderOrganization: '甲公司', price: '800000.00', total: '90.00' };

describe('evaluation room view', () => {
  it('places every stage on the steps; a rejection ends at the review step', () => {
    expect(stepIndex('chair')).toBe(0);
    expect(stepIndex('scoring')).toBe(2);
    expect(stepIndex('done')).toBe(5);
    expect(stepIndex('rejected')).toBe(3);
  });

  it('gives observers no controls in any stage', () => {
    for (const stage of ['chair', 'compliance', 'scoring', 'review', 'signing'] as const) {
      const view = sessionView({ stage, compliance: DECIDED, me: { role: 'observer', userId: 'AGENCY', chair: false }, candidates: [candidate] });
      expect(controlsOf(view)).toEqual(NONE);
    }
  });

  it('lets members vote, review compliance until they submit, score until they submit or are returned', () => {
    expect(controlsOf(sessionView()).vote).toBe(true);
    expect(controlsOf(sessionView({ stage: 'compliance' })).editCompliance).toBe(true);
    const submitted = sessionView({ stage: 'compliance' });
    submitted.members[0] = { ...submitted.members[0]!, complianceSubmittedAt: '2026-12-25T01:00:00.000Z' };
    expect(controlsOf(submitted).editCompliance).toBe(false);
    const scoring = sessionView({ stage: 'scoring', compliance: DECIDED });
    expect(controlsOf(scoring).editScores).toBe(true);
    scoring.members[0] = { ...scoring.members[0]!, scoresSubmittedAt: '2026-12-25T02:00:00.000Z' };
    expect(controlsOf({ ...scoring, scores: { ...scoring.scores, locked: true } }).editScores).toBe(false);
    expect(controlsOf(sessionView({ stage: 'scoring', compliance: DECIDED, evaluationMethod: 'lowest_price' })).editScores).toBe(false);
  });

  it('gives the chair flags and finalize only once every flag is resolved and there is a candidate', () => {
    const open = sessionView({ ...asChair, stage: 'review', compliance: DECIDED, flags: [flag(null)], candidates: [candidate] });
    expect(controlsOf(open)).toMatchObject({ resolveFlags: true, returnScores: true, finalize: false });
    expect(controlsOf({ ...open, flags: [flag('kept')] }).finalize).toBe(true);
    expect(controlsOf({ ...open, flags: [], candidates: [] }).finalize).toBe(false);
    expect(controlsOf({ ...open, me: { ...open.me, chair: false } })).toMatchObject({ resolveFlags: false, returnScores: false, finalize: false });
  });

  it('offers reject-all to the chair only with fewer than 3 compliant bids', () => {
    expect(controlsOf(sessionView({ ...asChair, stage: 'review', compliance: DECIDED })).rejectAll).toBe(true);
    const allPass = { mine: [], result: DECIDED.result.map((r) => ({ ...r, passed: true, failedItems: [] })) };
    expect(controlsOf(sessionView({ ...asChair, stage: 'review', compliance: allPass })).rejectAll).toBe(false);
    expect(controlsOf(sessionView({ ...asChair, stage: 'compliance' })).rejectAll).toBe(false);
  });

  it('lets each member sign once in the signing stage', () => {
    const view = sessionView({ stage: 'signing', compliance: DECIDED });
    expect(controlsOf(view).sign).toBe(true);
    view.members[0] = { ...view.members[0]!, signedAt: '2026-12-25T03:00:00.000Z' };
    expect(controlsOf(view).sign).toBe(false);
    expect(submittedCount(view, 'signature')).toBe(1);
  });

  it('keeps the compliant bids once compliance is decided, every bid before', () => {
    expect(compliantBids(sessionView()).map((b) => b.sha256)).toEqual([BID_A, BID_B, BID_C]);
    expect(compliantBids(sessionView({ compliance: DECIDED })).map((b) => b.sha256)).toEqual([BID_A, BID_B]);
  });

  it('names bids by 8 hex digits and lists opening items price first', () => {
    expect(bid8(BID_A)).toBe('aaaaaaaa');
    expect(itemEntries({ items: { durationDays: '90', tenderId: 'X', price: '1.00' } })).toEqual([['price', '1.00'], ['durationDays', '90']]);
  });

  it('lists only members with submitted scores as returnable', () => {
    const view = sessionView({ stage: 'review' });
    view.members[1] = { ...view.members[1]!, scoresSubmittedAt: '2026-12-25T02:00:00.000Z' };
    expect(returnableMembers(view).map((m) => m.userId)).toEqual([OTHER]);
  });
});

describe('compliance matrix draft', () => {
  const view = sessionView({ stage: 'compliance' });
  it('needs every cell decided and a reason for every fail', () => {
    const draft = draftFromCompliance([{ member: ME, bid: BID_A, item: 'qualification', pass: false, reason: null }]);
    expect(complianceProblems(draft, view.bids, view.complianceItems)).toEqual({ undecided: 5, failsWithoutReason: [`${BID_A}:qualification`] });
    const all = passAll(draft, view.bids, view.complianceItems);
    expect(complianceProblems(all, view.bids, view.complianceItems)).toEqual({ undecided: 0, failsWithoutReason: [`${BID_A}:qualification`] });
  });

  it('sends decided cells, a fail only with its trimmed reason', () => {
    const draft = { [`${BID_A}:qualification`]: { pass: false, reason: '  资质过期 ' }, [`${BID_A}:signature`]: { pass: false, reason: ' ' }, [`${BID_B}:signature`]: { pass: true, reason: '' } };
    expect(complianceEntries(draft, view.bids, view.complianceItems)).toEqual([
      { bid: BID_A, item: 'qualification', pass: false, reason: '资质过期' },
      { bid: BID_B, item: 'signature', pass: true },
    ]);
  });
});

describe('room join ack', () => {
  it('takes a snapshot as the view, its seq and who is present; missed events ask for a read', () => {
    const view = sessionView();
    view.members[1] = { ...view.members[1]!, present: true };
    const snap = applyJoinAck(IDLE_ROOM, { snapshot: { ...(view as unknown as Record<string, unknown>), seq: 7 } });
    expect(snap.refetch).toBe(false);
    expect(snap.room.seq).toBe(7);
    expect(snap.room.presence).toEqual([OTHER]);
    expect(snap.room.view?.stage).toBe('chair');
    expect(snap.room.view).not.toHaveProperty('seq');
    const missed = applyJoinAck(snap.room, { events: [{ seq: 8, at: '2026-12-25T01:00:00.000Z', type: 'chair-vote', payload: {} }], seq: 8 });
    expect(missed).toMatchObject({ refetch: true, room: { seq: 8 } });
    expect(applyJoinAck(missed.room, { events: [], seq: 8 }).refetch).toBe(false);
    expect(applyJoinAck(IDLE_ROOM, { error: { code: 'FORBIDDEN', message: 'no' } }).room.error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
