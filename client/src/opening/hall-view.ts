/**
 * What the hall page shows, derived from the state (pure): the step, the deadline counted down,
 * the table rows, and which of the caller's buttons apply (`me` decides; the server re-checks).
 */
import type { Commitment, HallBid, OpeningSnapshot } from './hall-types';

/** 签到 → 开标/解密 → 唱标 → 确认/异议 → 结束 */
export const STEPS = ['signIn', 'opening', 'reading', 'confirmation', 'ended'] as const;

export function stepIndex(hall: OpeningSnapshot): number {
  switch (hall.stage) {
    case 'sign-in':
      return 0;
    case 'sealing':
      return 1;
    case 'decryption':
      return hall.progress.recorded > 0 ? 2 : 1;
    case 'confirmation':
      return 3;
    default:
      return 4;
  }
}

export type CountdownTarget = { kind: 'bidDeadline' | 'decryptionEndsAt' | 'confirmationEndsAt'; at: string };

/** The deadline that matters in this stage, if any (platform decryption has none). */
export function countdownTarget(hall: OpeningSnapshot): CountdownTarget | null {
  if (hall.pausedAt) {
    return null;
  }
  if (hall.stage === 'sign-in') {
    return { kind: 'bidDeadline', at: hall.bidDeadline };
  }
  if (hall.stage === 'decryption' && hall.decryptionEndsAt) {
    return { kind: 'decryptionEndsAt', at: hall.decryptionEndsAt };
  }
  if (hall.stage === 'confirmation' && hall.confirmationEndsAt) {
    return { kind: 'confirmationEndsAt', at: hall.confirmationEndsAt };
  }
  return null;
}

const isBidder = (hall: OpeningSnapshot): boolean => hall.me?.role === 'bidder';

/** 签到: a bidder not yet signed in, from publication until the record is confirmed. */
export function canSignIn(hall: OpeningSnapshot): boolean {
  return isBidder(hall) && !!hall.me?.participant && !hall.me.signedInAt && hall.stage !== 'ended' && hall.status !== 'draft';
}

/** 不见面开标: the bidder decrypts its own bid during the window while it is not recorded. */
export function canDecrypt(hall: OpeningSnapshot): boolean {
  return isBidder(hall) && hall.openingMode === 'bidder' && hall.stage === 'decryption' && hall.me?.bidStatus === 'pending' && !hall.pausedAt;
}

/** Confirming and objecting: bidders with a bid in the record, during the confirmation window. */
export function canRespond(hall: OpeningSnapshot): boolean {
  return isBidder(hall) && !!hall.me?.hasBid && hall.stage === 'confirmation' && !hall.pausedAt;
}

/** Answering objections: the tender's agency during the confirmation window. */
export function canAnswer(hall: OpeningSnapshot): boolean {
  return hall.me?.role === 'agency' && hall.me.participant && hall.stage === 'confirmation';
}

/** The host (the tender's agency) may pause a bidder-mode decryption window or the confirmation window, and resume. */
export function hostControl(hall: OpeningSnapshot): 'pause' | 'resume' | null {
  if (hall.me?.role !== 'agency' || !hall.me.participant) {
    return null;
  }
  if (hall.pausedAt) {
    return 'resume';
  }
  const pausable = hall.stage === 'confirmation' || (hall.stage === 'decryption' && hall.openingMode === 'bidder');
  return pausable ? 'pause' : null;
}

export type HallRow = { key: string; sha256: string | null; size: number | null; bid: HallBid | null };

/** One row per commitment, filled in as its bid is revealed; then any bid without a commitment. */
export function rowsOf(hall: OpeningSnapshot): HallRow[] {
  const bySha = new Map(hall.bids.filter((b) => b.sha256).map((b) => [b.sha256 as string, b]));
  const rows: HallRow[] = hall.commitments.map((c: Commitment) => ({ key: c.sha256, sha256: c.sha256, size: c.size, bid: bySha.get(c.sha256) ?? null }));
  const committed = new Set(hall.commitments.map((c) => c.sha256));
  hall.bids.forEach((b, i) => {
    if (!b.sha256 || !committed.has(b.sha256)) {
      rows.push({ key: b.sha256 ?? `bid-${i}`, sha256: b.sha256, size: null, bid: b });
    }
  });
  return rows;
}

const ITEM_ORDER = ['price', 'durationDays', 'quality'];

/** The opening items present in the revealed bids, the usual ones first. */
export function itemKeys(bids: HallBid[]): string[] {
  const keys = new Set<string>();
  bids.forEach((b) => Object.keys(b.items ?? {}).forEach((k) => k !== 'tenderId' && keys.add(k)));
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function rank(key: string): number {
  const i = ITEM_ORDER.indexOf(key);
  return i < 0 ? ITEM_ORDER.length : i;
}

/** "3f2a9c01…77e4b0d2": enough of a SHA-256 to compare by eye with a receipt. */
export function shortSha(sha256: string): string {
  return sha256.length > 16 ? `${sha256.slice(0, 8)}…${sha256.slice(-8)}` : sha256;
}

/** "1.2 MB" style sizes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
