import type { Db } from '../db';
import { fromJson } from '../db/convert';
import type { RecordKind } from './model';

export type Audience = 'public' | 'participants' | 'committee' | 'user';
export type RecordStatus = 'pending' | 'rendering' | 'issued';
export type Signer = { name: string; role: 'platform' | 'member'; signedAt: number; /** a member's account */ userId?: string };

/** A record of a tender: requested by a step (pending), then rendered and signed (issued). Times in epoch ms. */
export type RecordRow = {
  id: string;
  tenderId: string;
  kind: RecordKind;
  title: string;
  audience: Audience;
  userId: string | null;
  source: Record<string, unknown>;
  status: RecordStatus;
  attempts: number;
  blobKey: string | null;
  sha256: string | null;
  size: number | null;
  revisions: string[];
  signers: Signer[];
  createdAt: number;
  issuedAt: number | null;
};

type Row = Record<string, unknown>;

export async function insertRecord(db: Db, r: Pick<RecordRow, 'id' | 'tenderId' | 'kind' | 'title' | 'audience' | 'userId' | 'source' | 'createdAt'>): Promise<void> {
  await db('records').insert({
    id: r.id, tender_id: r.tenderId, kind: r.kind, title: r.title, audience: r.audience, user_id: r.userId, source: JSON.stringify(r.source), status: 'pending', created_at: r.createdAt,
  });
}

/** Takes a pending record (or one whose renderer died `staleMs` ago) for this pass; false when another took it. */
export async function claim(db: Db, id: string, now: number, staleMs: number): Promise<boolean> {
  const n = await db('records')
    .where({ id })
    .andWhere((q) => q.where({ status: 'pending' }).orWhere((w) => w.where({ status: 'rendering' }).andWhere('claimed_at', '<', now - staleMs)))
    .update({ status: 'rendering', claimed_at: now, attempts: db.raw('attempts + 1') });
  return Number(n) === 1;
}

export async function listClaimable(db: Db, now: number, staleMs: number, limit = 20): Promise<string[]> {
  const rows: Row[] = await db('records')
    .where({ status: 'pending' })
    .orWhere((w) => w.where({ status: 'rendering' }).andWhere('claimed_at', '<', now - staleMs))
    .orderBy('created_at')
    .limit(limit)
    .select('id');
  return rows.map((r) => r.id as string);
}

/** Issued by the renderer that holds the claim made at `claimedAt`; false when another pass took the record over meanwhile. */
export async function markIssued(db: Db, id: string, claimedAt: number, issued: { blobKey: string; sha256: string; size: number; revisions: string[]; signers: Signer[]; issuedAt: number }): Promise<boolean> {
  const n = await db('records').where({ id, status: 'rendering', claimed_at: claimedAt }).update({
    status: 'issued', blob_key: issued.blobKey, sha256: issued.sha256, size: issued.size, revisions: JSON.stringify(issued.revisions), signers: JSON.stringify(issued.signers), issued_at: issued.issuedAt, last_error: null,
  });
  return Number(n) === 1;
}

/** A member's signature embedded: the record's bytes are now the new revision. */
export async function markSigned(db: Db, id: string, s: { blobKey: string; sha256: string; size: number; revisions: string[]; signers: Signer[] }): Promise<void> {
  await db('records').where({ id }).update({ blob_key: s.blobKey, sha256: s.sha256, size: s.size, revisions: JSON.stringify(s.revisions), signers: JSON.stringify(s.signers) });
}

export async function markFailed(db: Db, id: string, claimedAt: number, error: string): Promise<void> {
  await db('records').where({ id, status: 'rendering', claimed_at: claimedAt }).update({ status: 'pending', claimed_at: null, last_error: error.slice(0, 1000) });
}

export async function findRecord(db: Db, id: string): Promise<RecordRow | undefined> {
  const r: Row | undefined = await db('records').where({ id }).first();
  return r && toRecord(r);
}

export async function listForTender(db: Db, tenderId: string): Promise<RecordRow[]> {
  const rows: Row[] = await db('records').where({ tender_id: tenderId }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return rows.map(toRecord);
}

/** Issued records that have a revision with this SHA-256 (a PDF someone brings to verify). */
export async function findByRevision(db: Db, sha256: string): Promise<RecordRow | undefined> {
  const rows: Row[] = await db('records').where({ status: 'issued' }).andWhere('revisions', 'like', `%${sha256}%`).limit(5);
  return rows.map(toRecord).find((r) => r.revisions.includes(sha256));
}

function toRecord(r: Row): RecordRow {
  return {
    id: r.id as string,
    tenderId: r.tender_id as string,
    kind: r.kind as RecordKind,
    title: r.title as string,
    audience: r.audience as Audience,
    userId: (r.user_id as string | null) ?? null,
    source: fromJson<Record<string, unknown>>(r.source as string, {}),
    status: r.status as RecordStatus,
    attempts: Number(r.attempts),
    blobKey: (r.blob_key as string | null) ?? null,
    sha256: (r.sha256 as string | null) ?? null,
    size: r.size === null ? null : Number(r.size),
    revisions: fromJson<string[]>(r.revisions as string | null, []),
    signers: fromJson<Signer[]>(r.signers as string | null, []),
    createdAt: Number(r.created_at),
    issuedAt: r.issued_at === null ? null : Number(r.issued_at),
  };
}
