/**
 * The opening hall's client state (client/src/opening/hall-state.ts): a snapshot plus the
 * sequenced events of /opening, applied once, in order, with gaps detected (DESIGN §6).
 */
import { applyEvent, applyEvents, applyJoin, applyNotice, fromSnapshot, isMeStale, patchMe, reduceEvent, withMe, type HallState } from '../../../client/src/opening/hall-state';
import type { HallEventType } from '../../../client/src/opening/hall-types';
import { numbered, SAMPLE, SHA, signInSnapshot, THIRD_BID } from './hall-fixtures';

const start = (seq = 4): HallState => fromSnapshot({ ...signInSnapshot(), seq });

/** The whole session after the snapshot at seq 4: sealing, decryption, reading, confirmation, end. */
const SESSION = numbered(
  [
    SAMPLE['opening-started'],
    SAMPLE['commitments-published'],
    SAMPLE['sign-ins-published'],
    SAMPLE['decryption-started'],
    SAMPLE['bidder-signed-in'],
    SAMPLE['bid-revealed'],
    SAMPLE['bid-invalid'],
    THIRD_BID,
    SAMPLE['record-ready'],
    SAMPLE['bid-confirmed'],
    SAMPLE['objection-raised'],
    SAMPLE['objection-answered'],
    SAMPLE['opening-completed'],
  ],
  5,
);

describe('hall state: order, duplicates and gaps', () => {
  it('takes the seq from the snapshot and keeps the rest as the hall', () => {
    const s = start(7);
    expect(s.seq).toBe(7);
    expect(s.hall).not.toHaveProperty('seq');
    expect(s.hall.stage).toBe('sign-in');
  });

  it('applies the next event and moves the seq to it', () => {
    const r = applyEvent(start(), SESSION[0]);
    expect(r.outcome).toBe('applied');
    expect(r.state.seq).toBe(5);
    expect(r.state.hall.stage).toBe('sealing');
    expect(r.state.hall.status).toBe('opening');
  });

  it('applies a batch in seq order whatever order it came in', () => {
    const shuffled = [...SESSION].reverse();
    const r = applyEvents(start(), shuffled);
    expect(r.outcome).toBe('applied');
    expect(r.state).toEqual(applyEvents(start(), SESSION).state);
    expect(r.state.seq).toBe(SESSION[SESSION.length - 1].seq);
  });

  it('ignores an event whose seq is at or below the current one, leaving the state as it was', () => {
    const once = applyEvents(start(), SESSION.slice(0, 6)).state;
    for (const dup of SESSION.slice(0, 6)) {
      const r = applyEvent(once, dup);
      expect(r.outcome).toBe('duplicate');
      expect(r.state).toBe(once);
    }
    const again = applyEvents(once, SESSION.slice(0, 6));
    expect(again.outcome).toBe('duplicate');
    expect(again.state).toBe(once);
  });

  it('reports a gap and applies nothing past it', () => {
    const s = start();
    const r = applyEvent(s, SESSION[1]); // seq 6 after 4: seq 5 is missing
    expect(r.outcome).toBe('gap');
    expect(r.state).toBe(s);
    const batch = applyEvents(s, [SESSION[0], SESSION[1], SESSION[3]]); // 5, 6, then 8 without 7
    expect(batch.outcome).toBe('gap');
    expect(batch.state.seq).toBe(6);
    expect(batch.state.hall.commitments).toHaveLength(3);
  });

  it('fills a gap with the missed events of a re-join and then goes on', () => {
    const before = applyEvents(start(), SESSION.slice(0, 2)).state;
    expect(applyEvent(before, SESSION[4]).outcome).toBe('gap');
    const rejoined = applyJoin(before, { events: SESSION.slice(2, 5), seq: SESSION[4].seq });
    expect(rejoined.outcome).toBe('applied');
    expect(rejoined.state?.seq).toBe(SESSION[4].seq);
    expect(applyEvent(rejoined.state as HallState, SESSION[5]).outcome).toBe('applied');
  });

  it('replaces the state with the snapshot of a join ack', () => {
    const old = applyEvents(start(), SESSION.slice(0, 3)).state;
    const r = applyJoin(old, { snapshot: { ...signInSnapshot({ title: 'new' }), seq: 42 } });
    expect(r.state?.seq).toBe(42);
    expect(r.state?.hall.title).toBe('new');
  });

  it('asks for a snapshot when missed events come without a state to apply them to', () => {
    expect(applyJoin(null, { events: SESSION.slice(0, 1), seq: 5 }).outcome).toBe('gap');
  });

  it('advances the seq over an event type it does not know, changing nothing else', () => {
    const s = start();
    const r = applyEvent(s, { seq: 5, at: '2026-12-25T01:30:00.000Z', type: 'host-paused', payload: {} });
    expect(r.outcome).toBe('applied');
    expect(r.state.seq).toBe(5);
    expect(r.state.hall).toBe(s.hall);
  });
});

describe('hall state: every event of the contract', () => {
  it('changes the hall for each event type', () => {
    const types = Object.keys(SAMPLE) as HallEventType[];
    expect(types).toHaveLength(15);
    const base = signInSnapshot();
    for (const type of types) {
      expect(reduceEvent(base, { ...SAMPLE[type], seq: 1 })).not.toEqual(base);
    }
  });

  it('plays a whole session from sign-in to the end of the opening', () => {
    const h = applyEvents(start(), SESSION).state.hall;
    expect(h).toMatchObject({
      status: 'opened',
      stage: 'ended',
      sealedAt: '2026-12-25T01:30:05.000Z',
      decryptionEndsAt: '2026-12-25T02:00:00.000Z',
      recordReadyAt: '2026-12-25T02:00:00.000Z',
      confirmationEndsAt: '2026-12-25T02:30:00.000Z',
      endedAt: '2026-12-25T02:30:00.000Z',
      progress: { total: 3, recorded: 3, valid: 2, invalid: 1 },
    });
    expect(h.commitments.map((c) => c.sha256)).toEqual(SHA);
    expect(h.signIns).toEqual({ count: 3, bidders: expect.arrayContaining([expect.objectContaining({ bidderOrganization: '丙公司' })]) });
    expect(h.bids).toHaveLength(3);
    expect(h.bids[0]).toEqual({
      sha256: SHA[0], bidderOrganization: '甲公司', status: 'valid', reason: null, items: { price: '9876543.21', durationDays: 180 }, decryptedBy: 'bidder', decryptedAt: '2026-12-25T01:35:00.000Z',
    });
    expect(h.bids[1]).toMatchObject({ sha256: SHA[1], status: 'invalid', reason: 'signature invalid', items: null });
    expect(h.bids[2]).toMatchObject({ decryptedBy: 'backup' });
    expect(h.confirmations).toEqual([
      { bidderOrganization: '甲公司', confirmedAt: '2026-12-25T02:01:00.000Z', deemed: false },
      { bidderOrganization: '丙公司', confirmedAt: '2026-12-25T02:30:00.000Z', deemed: true },
    ]);
    expect(h.objections).toEqual([expect.objectContaining({ id: 'OBJ1', answer: '已核实，唱标无误' })]);
  });

  it('walks the stages forward: sealing, decryption, confirmation, ended', () => {
    const stages: string[] = [];
    let s = start();
    for (const e of SESSION) {
      s = applyEvent(s, e).state;
      stages.push(s.hall.stage);
    }
    expect([...new Set(stages)]).toEqual(['sealing', 'decryption', 'confirmation', 'ended']);
  });

  it('fails the tender (流标) with its reason', () => {
    const events = numbered([SAMPLE['opening-started'], SAMPLE['commitments-published'], SAMPLE['tender-failed']], 5);
    const h = applyEvents(start(), events).state.hall;
    expect(h).toMatchObject({ status: 'failed', stage: 'ended', failureReason: 'fewer than 3 bids in force at the opening (2)', endedAt: '2026-12-25T01:30:05.000Z' });
  });
});

describe('hall state: an event racing the snapshot arrives again', () => {
  // The server reads the seq before it builds the snapshot, so the snapshot may already hold an event
  // whose seq is above its own: applying it again must not change the outcome.
  const after = applyEvents(start(), SESSION).state;
  const racing = (type: string) => ({ ...(SESSION.find((e) => e.type === type) as (typeof SESSION)[number]), seq: after.seq + 1 });

  it.each(['bid-revealed', 'bid-invalid', 'bidder-signed-in', 'bid-confirmed', 'objection-answered', 'sign-ins-published', 'opening-completed', 'commitments-published'])(
    '%s applied twice leaves the hall as once',
    (type) => {
      const r = applyEvent(after, racing(type));
      expect(r.outcome).toBe('applied');
      expect(r.state.hall).toEqual(after.hall);
    },
  );

  it('never takes the stage back nor an answered objection back to unanswered', () => {
    const late = applyEvents(after, [racing('opening-started'), { ...racing('objection-raised'), seq: after.seq + 2 }, { ...racing('record-ready'), seq: after.seq + 3 }]).state.hall;
    expect(late.stage).toBe('ended');
    expect(late.objections[0].answer).toBe('已核实，唱标无误');
  });
});

describe('hall state: the caller\'s own side', () => {
  it('takes the sign-in time of a private notice', () => {
    const s = applyNotice(start(), { tenderId: 'x', type: 'signed-in', payload: { signedInAt: '2026-12-25T01:00:00.000Z' } });
    expect(s.hall.me?.signedInAt).toBe('2026-12-25T01:00:00.000Z');
    expect(s.seq).toBe(4);
    expect(applyNotice(s, { tenderId: 'x', type: 'something-else', payload: {} })).toBe(s);
  });

  it('patches me after a command and takes me from an HTTP snapshot, keeping the seq', () => {
    const s = patchMe(start(), { confirmedAt: '2026-12-25T02:01:00.000Z' });
    expect(s.hall.me?.confirmedAt).toBe('2026-12-25T02:01:00.000Z');
    expect(withMe(s, null).hall.me).toBeNull();
    expect(withMe(s, null).seq).toBe(4);
    const anonymous = fromSnapshot({ ...signInSnapshot({ me: null }), seq: 1 });
    expect(patchMe(anonymous, { signedInAt: 'x' })).toBe(anonymous);
  });
});

describe('hall state: when me must be fetched again', () => {
  const me = { role: 'bidder', participant: true, signedInAt: null, hasBid: true, bidStatus: 'pending' as const, confirmedAt: null };

  it('after every stage change, for anyone signed in', () => {
    for (const type of ['opening-started', 'commitments-published', 'decryption-started', 'record-ready', 'opening-completed', 'tender-failed']) {
      expect(isMeStale(signInSnapshot(), { type })).toBe(true);
    }
    expect(isMeStale(signInSnapshot({ me: null }), { type: 'record-ready' })).toBe(false);
  });

  it('after a revealed bid only for a bidder whose own bid is not recorded yet', () => {
    expect(isMeStale(signInSnapshot({ me }), { type: 'bid-revealed' })).toBe(true);
    expect(isMeStale(signInSnapshot({ me }), { type: 'bid-invalid' })).toBe(true);
    expect(isMeStale(signInSnapshot({ me: { ...me, bidStatus: 'valid' } }), { type: 'bid-revealed' })).toBe(false);
    expect(isMeStale(signInSnapshot({ me: { ...me, role: 'agency', hasBid: false, bidStatus: null } }), { type: 'bid-revealed' })).toBe(false);
    expect(isMeStale(signInSnapshot({ me }), { type: 'objection-raised' })).toBe(false);
  });
});
