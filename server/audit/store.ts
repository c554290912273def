import type { Db } from '../db';
import { forUpdate } from '../db';

export type AuditVisibility = 'public' | 'sealed';

/** One stored event; chainSeq is null while a sealed event waits for its tender's opening. */
export type AuditEvent = {
  seq: number;
  chainSeq: number | null;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  tenderId: string | null;
  action: string;
  visibility: AuditVisibility;
  payload: Record<string, unknown>;
  payloadHash: string;
  prevHash: string;
  hash: string;
};

export type EventRow = {
  seq: number | string;
  chain_seq: number | string | null;
  at: number | string;
  actor_id: string | null;
  actor_role: string | null;
  tender_id: string | null;
  action: string;
  visibility: string;
  payload: string;
  payload_hash: string;
  prev_hash: string;
  hash: string;
};

/** The chain's head (its size and last hash); lastSeq, the last insertion number, only on the locked row. */
export type Head = { seq: number; hash: string };
export type LockedHead = Head & { lastSeq: number };

export type CheckpointRow = { size: number | string; head_hash: string; at: number | string; signature: string; signer_sha256: string };

/** The chain head, locked: every appender takes this row, so the chain is serialized across processes. */
export async function lockHead(trx: Db): Promise<LockedHead> {
  const head = await forUpdate(trx, trx('audit_head').where({ id: 1 }).first<{ seq: number | string; hash: string; last_seq: number | string }>());
  return { seq: Number(head.seq), hash: head.hash, lastSeq: Number(head.last_seq) };
}

export async function readHead(db: Db): Promise<Head> {
  const head = await db('audit_head').where({ id: 1 }).first<{ seq: number | string; hash: string }>();
  return { seq: Number(head.seq), hash: head.hash };
}

export async function writeHead(trx: Db, head: Head, lastSeq: number): Promise<void> {
  await trx('audit_head').where({ id: 1 }).update({ seq: head.seq, hash: head.hash, last_seq: lastSeq });
}

// NOTE: the reads below run while the caller holds the head lock; on MySQL they lock too (FOR UPDATE), so
// they read the latest committed rows rather than the transaction's REPEATABLE READ snapshot.



/** Whether a tender's sealed events are in the chain: its opening started or it was cancelled. */
export async function isReleased(trx: Db, tenderId: string, releaseActions: readonly string[]): Promise<boolean> {
  const rows = await forUpdate(trx, trx('audit_events').where({ tender_id: tenderId }).whereIn('action', releaseActions).whereNotNull('chain_seq').select('seq'));
  return rows.length > 0;
}

/** A tender's sealed events that wait outside the chain, in insertion order. */
export async function listWaiting(trx: Db, tenderId: string): Promise<EventRow[]> {
  return forUpdate(trx, trx('audit_events').where({ tender_id: tenderId }).whereNull('chain_seq').orderBy('seq', 'asc'));
}

/** Chained events from chain position `from`, one page. */
export async function chainPage(db: Db, from: number, limit: number): Promise<EventRow[]> {
  return db('audit_events').where('chain_seq', '>=', from).orderBy('chain_seq', 'asc').limit(limit);
}

/** Every event still waiting outside the chain (sealed events of tenders not yet opened). */
export async function listAllWaiting(db: Db): Promise<EventRow[]> {
  return db('audit_events').whereNull('chain_seq').orderBy('seq', 'asc');
}

export async function listTenderRows(db: Db, tenderId: string): Promise<EventRow[]> {
  return db('audit_events').where({ tender_id: tenderId }).orderBy('seq', 'asc');
}

export async function insertCheckpoint(trx: Db, row: CheckpointRow): Promise<void> {
  await trx('audit_checkpoints').insert(row).onConflict('size').ignore();
}

export async function latestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  return db('audit_checkpoints').orderBy('size', 'desc').first();
}

export async function findCheckpoint(db: Db, size: number): Promise<CheckpointRow | undefined> {
  return db('audit_checkpoints').where({ size }).first();
}

export async function pageCheckpoints(db: Db, page: number, pageSize: number): Promise<{ rows: CheckpointRow[]; total: number }> {
  const rows: CheckpointRow[] = await db('audit_checkpoints').orderBy('size', 'desc').offset((page - 1) * pageSize).limit(pageSize);
  const count = await db('audit_checkpoints').count({ n: '*' }).first<{ n: number | string }>();
  return { rows, total: Number(count.n) };
}

export async function allCheckpoints(db: Db): Promise<CheckpointRow[]> {
  return db('audit_checkpoints').orderBy('size', 'asc');
}

export function toEvent(r: EventRow): AuditEvent {
  return {
    seq: Number(r.seq),
    chainSeq: r.chain_seq === null ? null : Number(r.chain_seq),
    at: new Date(Number(r.at)).toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    tenderId: r.tender_id,
    action: r.action,
    visibility: r.visibility as AuditVisibility,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    payloadHash: r.payload_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
