import type { Db } from '../db';
import { fromJson } from '../db/convert';
import { objectionStore } from '../objections';

/** A published commitment: the SHA-256 and size of one sealed bid in force; bidId stays private. */
export type Commitment = { position: number; sha256: string; size: number; bidId: string; bidVersion: number };

export type OpeningBidStatus = 'valid' | 'invalid';

/** Who decrypted a bid: the platform (platform mode), the bidder (不见面开标) or the platform as backup (备份解密). */
export type DecryptedBy = 'platform' | 'bidder' | 'backup';

/** The decryption result of one bid in force. Times in epoch ms. */
export type OpeningBid = {
  tenderId: string;
  bidId: string;
  bidderId: string;
  bidderOrganization: string | null;
  status: OpeningBidStatus;
  reason: string | null;
  items: Record<string, unknown> | null;
  decryptedBy: DecryptedBy;
  decryptedAt: number;
};

type Row = Record<string, unknown>;

export async function insertCommitments(db: Db, tenderId: string, commitments: Commitment[]): Promise<void> {
  if (commitments.length === 0) {
    return;
  }
  await db('opening_commitments').insert(
    commitments.map((c) => ({ tender_id: tenderId, position: c.position, sha256: c.sha256, size: c.size, bid_id: c.bidId, bid_version: c.bidVersion })),
  );
}

/** The tender's commitments in published order (by sha256). */
export async function listCommitments(db: Db, tenderId: string): Promise<Commitment[]> {
  const rows: Row[] = await db('opening_commitments').where({ tender_id: tenderId }).orderBy('position');
  return rows.map((r) => ({ position: Number(r.position), sha256: r.sha256 as string, size: Number(r.size), bidId: r.bid_id as string, bidVersion: Number(r.bid_version) }));
}

export async function insertOpeningBid(db: Db, b: OpeningBid): Promise<void> {
  await db('opening_bids').insert({
    tender_id: b.tenderId,
    bid_id: b.bidId,
    bidder_id: b.bidderId,
    bidder_organization: b.bidderOrganization,
    status: b.status,
    reason: b.reason,
    items: b.items === null ? null : JSON.stringify(b.items),
    decrypted_by: b.decryptedBy,
    decrypted_at: b.decryptedAt,
  });
}

/** Decryption results so far, in the order they were recorded. */
export async function listOpeningBids(db: Db, tenderId: string): Promise<OpeningBid[]> {
  const rows: Row[] = await db('opening_bids').where({ tender_id: tenderId }).orderBy([{ column: 'decrypted_at' }, { column: 'bid_id' }]);
  return rows.map((r) => ({
    tenderId: r.tender_id as string,
    bidId: r.bid_id as string,
    bidderId: r.bidder_id as string,
    bidderOrganization: (r.bidder_organization as string | null) ?? null,
    status: r.status as OpeningBidStatus,
    reason: (r.reason as string | null) ?? null,
    items: r.items === null ? null : fromJson<Record<string, unknown>>(r.items as string, {}),
    decryptedBy: r.decrypted_by as DecryptedBy,
    decryptedAt: Number(r.decrypted_at),
  }));
}

export async function hasOpeningBid(db: Db, tenderId: string, bidId: string): Promise<boolean> {
  return (await db('opening_bids').where({ tender_id: tenderId, bid_id: bidId }).first()) !== undefined;
}

/** The hall's timetable of a sealed tender (epoch ms). */
export type OpeningSession = {
  tenderId: string;
  openingMode: 'platform' | 'bidder';
  decryptionEndsAt: number | null;
  recordReadyAt: number | null;
  confirmationEndsAt: number | null;
  endedAt: number | null;
  /** Set while the host has paused the hall; the running window is extended by the pause on resume. */
  pausedAt: number | null;
  pauseReason: string | null;
};

const msOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function insertSession(db: Db, s: OpeningSession): Promise<void> {
  await db('opening_sessions').insert({
    tender_id: s.tenderId,
    opening_mode: s.openingMode,
    decryption_ends_at: s.decryptionEndsAt,
    record_ready_at: s.recordReadyAt,
    confirmation_ends_at: s.confirmationEndsAt,
    ended_at: s.endedAt,
    paused_at: s.pausedAt,
    pause_reason: s.pauseReason,
  });
}

export async function findSession(db: Db, tenderId: string): Promise<OpeningSession | undefined> {
  const r: Row | undefined = await db('opening_sessions').where({ tender_id: tenderId }).first();
  return (
    r && {
      tenderId: r.tender_id as string,
      openingMode: r.opening_mode as OpeningSession['openingMode'],
      decryptionEndsAt: msOrNull(r.decryption_ends_at),
      recordReadyAt: msOrNull(r.record_ready_at),
      confirmationEndsAt: msOrNull(r.confirmation_ends_at),
      endedAt: msOrNull(r.ended_at),
      pausedAt: msOrNull(r.paused_at),
      pauseReason: (r.pause_reason as string | null) ?? null,
    }
  );
}

export async function updateSession(
  db: Db,
  tenderId: string,
  patch: Partial<Pick<OpeningSession, 'decryptionEndsAt' | 'recordReadyAt' | 'confirmationEndsAt' | 'endedAt' | 'pausedAt' | 'pauseReason'>>,
): Promise<void> {
  const row: Row = {};
  const columns = {
    decryptionEndsAt: 'decryption_ends_at',
    recordReadyAt: 'record_ready_at',
    confirmationEndsAt: 'confirmation_ends_at',
    endedAt: 'ended_at',
    pausedAt: 'paused_at',
    pauseReason: 'pause_reason',
  } as const;
  for (const [field, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
    if (patch[field] !== undefined) {
      row[column] = patch[field];
    }
  }
  await db('opening_sessions').where({ tender_id: tenderId }).update(row);
}

/**
 * Sessions with work due at `now` for the scheduler: a bidder-mode decryption window that closed
 * without a record, or a confirmation window that closed without an end.
 */
export async function listDueSessions(db: Db, now: number): Promise<string[]> {
  const rows: Row[] = await db('opening_sessions as s')
    .join('tenders as t', 't.id', 's.tender_id')
    .where('t.status', 'opening')
    .whereNull('s.ended_at')
    .whereNull('s.paused_at')
    .andWhere((q) =>
      q
        .where((w) => w.whereNull('s.record_ready_at').andWhere('s.decryption_ends_at', '<=', now))
        .orWhere((w) => w.whereNotNull('s.record_ready_at').andWhere('s.confirmation_ends_at', '<=', now)),
    )
    .select('s.tender_id');
  return rows.map((r) => r.tender_id as string);
}

/** The earliest window end still ahead of `now` among open sessions (scheduler timer), or null. */
export async function nextSessionDue(db: Db, now: number): Promise<number | null> {
  const rows: Row[] = await db('opening_sessions as s')
    .join('tenders as t', 't.id', 's.tender_id')
    .where('t.status', 'opening')
    .whereNull('s.ended_at')
    .whereNull('s.paused_at')
    .select('s.decryption_ends_at', 's.record_ready_at', 's.confirmation_ends_at');
  const times = rows
    .map((r) => (r.record_ready_at === null ? msOrNull(r.decryption_ends_at) : msOrNull(r.confirmation_ends_at)))
    .filter((t): t is number => t !== null && t > now);
  return times.length ? Math.min(...times) : null;
}

export type SignIn = { bidderId: string; bidderOrganization: string | null; signedInAt: number };

/** Records a sign-in once; returns the one on record. */
export async function signIn(db: Db, tenderId: string, s: SignIn): Promise<{ signIn: SignIn; created: boolean }> {
  const existing = await findSignIn(db, tenderId, s.bidderId);
  if (existing) {
    return { signIn: existing, created: false };
  }
  await db('opening_sign_ins').insert({ tender_id: tenderId, bidder_id: s.bidderId, bidder_organization: s.bidderOrganization, signed_in_at: s.signedInAt });
  return { signIn: s, created: true };
}

export async function findSignIn(db: Db, tenderId: string, bidderId: string): Promise<SignIn | undefined> {
  const r: Row | undefined = await db('opening_sign_ins').where({ tender_id: tenderId, bidder_id: bidderId }).first();
  return r && toSignIn(r);
}

export async function listSignIns(db: Db, tenderId: string): Promise<SignIn[]> {
  const rows: Row[] = await db('opening_sign_ins').where({ tender_id: tenderId }).orderBy([{ column: 'signed_in_at' }, { column: 'bidder_id' }]);
  return rows.map(toSignIn);
}

function toSignIn(r: Row): SignIn {
  return { bidderId: r.bidder_id as string, bidderOrganization: (r.bidder_organization as string | null) ?? null, signedInAt: Number(r.signed_in_at) };
}

export type Confirmation = { bidderId: string; bidderOrganization: string | null; confirmedAt: number; deemed: boolean };

export async function insertConfirmation(db: Db, tenderId: string, c: Confirmation): Promise<void> {
  await db('opening_confirmations').insert({ tender_id: tenderId, bidder_id: c.bidderId, bidder_organization: c.bidderOrganization, confirmed_at: c.confirmedAt, deemed: c.deemed });
}

export async function listConfirmations(db: Db, tenderId: string): Promise<Confirmation[]> {
  const rows: Row[] = await db('opening_confirmations').where({ tender_id: tenderId }).orderBy([{ column: 'confirmed_at' }, { column: 'bidder_id' }]);
  return rows.map((r) => ({
    bidderId: r.bidder_id as string,
    bidderOrganization: (r.bidder_organization as string | null) ?? null,
    confirmedAt: Number(r.confirmed_at),
    deemed: Boolean(r.deemed),
  }));
}

export type { Objection } from '../objections';
export const { insertObjection, answerObjection, listObjections, findObjection } = objectionStore('opening_objections');
