/** What the hall page derives from its state (client/src/opening/hall-view.ts). */
import { applyEvents, fromSnapshot } from '../../../client/src/opening/hall-state';
import { canAnswer, canDecrypt, canRespond, canSignIn, countdownTarget, formatSize, hostControl, itemKeys, rowsOf, shortSha, stepIndex } from '../../../client/src/opening/hall-view';
import { numbered, SAMPLE, SHA, signInSnapshot } from './hall-fixtures';

const decrypting = () =>
  applyEvents(fromSnapshot({ ...signInSnapshot({ me: { role: 'bidder', participant: true, signedInAt: null, hasBid: true, bidStatus: 'pending', confirmedAt: null } }), seq: 0 }),
    numbered([SAMPLE['opening-started'], SAMPLE['commitments-published'], SAMPLE['decryption-started']], 1)).state.hall;

describe('hall view', () => {
  it('counts down to the deadline of the stage', () => {
    expect(countdownTarget(signInSnapshot())).toEqual({ kind: 'bidDeadline', at: '2026-12-25T01:30:00.000Z' });
    expect(countdownTarget(decrypting())).toEqual({ kind: 'decryptionEndsAt', at: '2026-12-25T02:00:00.000Z' });
    expect(countdownTarget({ ...decrypting(), openingMode: 'platform', decryptionEndsAt: null })).toBeNull();
    expect(countdownTarget(signInSnapshot({ stage: 'confirmation', confirmationEndsAt: '2026-12-25T02:30:00.000Z' }))?.kind).toBe('confirmationEndsAt');
    expect(countdownTarget(signInSnapshot({ stage: 'ended' }))).toBeNull();
  });

  it('maps stages to the five steps, 唱标 once a bid is read', () => {
    expect(stepIndex(signInSnapshot())).toBe(0);
    expect(stepIndex(decrypting())).toBe(1);
    expect(stepIndex({ ...decrypting(), progress: { total: 3, recorded: 1, valid: 1, invalid: 0 } })).toBe(2);
    expect(stepIndex(signInSnapshot({ stage: 'confirmation' }))).toBe(3);
    expect(stepIndex(signInSnapshot({ stage: 'ended' }))).toBe(4);
  });

  it('lets me decide the buttons', () => {
    const h = decrypting();
    expect(canSignIn(h)).toBe(true);
    expect(canDecrypt(h)).toBe(true);
    expect(canDecrypt({ ...h, openingMode: 'platform' })).toBe(false);
    expect(canDecrypt({ ...h, me: { ...h.me!, bidStatus: 'valid' } })).toBe(false);
    expect(canSignIn({ ...h, me: { ...h.me!, signedInAt: '2026-12-25T01:00:00.000Z' } })).toBe(false);
    expect(canSignIn({ ...h, me: null })).toBe(false);
    const confirming = { ...h, stage: 'confirmation' as const };
    expect(canRespond(confirming)).toBe(true);
    expect(canRespond({ ...confirming, me: { ...h.me!, hasBid: false } })).toBe(false);
    expect(canAnswer(confirming)).toBe(false);
    expect(canAnswer({ ...confirming, me: { role: 'agency', participant: true, signedInAt: null, hasBid: false, bidStatus: null, confirmedAt: null } })).toBe(true);
    expect(canAnswer({ ...confirming, me: { role: 'supervisor', participant: false, signedInAt: null, hasBid: false, bidStatus: null, confirmedAt: null } })).toBe(false);
  });

  it('stops the countdown and the bidders\' buttons while the host has paused; the host sees pause or resume', () => {
    const h = decrypting();
    const agency = { role: 'agency', participant: true, signedInAt: null, hasBid: false, bidStatus: null, confirmedAt: null };
    const paused = applyEvents(fromSnapshot({ ...h, seq: 3 }), numbered([SAMPLE['session-paused']], 4)).state.hall;
    expect(paused.pausedAt).toBe('2026-12-25T02:05:00.000Z');
    expect(countdownTarget(paused)).toBeNull();
    expect(canDecrypt(paused)).toBe(false);
    expect(canRespond({ ...paused, stage: 'confirmation' })).toBe(false);
    expect(hostControl(paused)).toBeNull();
    expect(hostControl({ ...paused, me: agency })).toBe('resume');
    expect(hostControl({ ...h, me: agency })).toBe('pause');
    expect(hostControl({ ...h, openingMode: 'platform', me: agency })).toBeNull();
    const resumed = applyEvents(fromSnapshot({ ...paused, seq: 4 }), numbered([SAMPLE['session-resumed']], 5)).state.hall;
    expect(resumed).toMatchObject({ pausedAt: null, pauseReason: null, confirmationEndsAt: '2026-12-25T02:40:00.000Z' });
  });

  it('has one row per commitment, filled in as bids are revealed', () => {
    const h = applyEvents(fromSnapshot({ ...decrypting(), seq: 3 }), numbered([SAMPLE['bid-revealed']], 4)).state.hall;
    const rows = rowsOf(h);
    expect(rows.map((r) => r.sha256)).toEqual(SHA);
    expect(rows[0].bid?.bidderOrganization).toBe('甲公司');
    expect(rows[1].bid).toBeNull();
    expect(itemKeys(h.bids)).toEqual(['price', 'durationDays']);
    expect(itemKeys([{ ...h.bids[0], items: { quality: '合格', zeta: 'z', price: '1', tenderId: 'x' } }])).toEqual(['price', 'quality', 'zeta']);
  });

  it('shortens digests and sizes for people', () => {
    expect(shortSha(SHA[0])).toBe('a1a1a1a1…a1a1a1a1');
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(25 * 1024 * 1024)).toBe('25 MB');
  });
});
