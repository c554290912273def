import type { Db } from '../db';
import { forUpdate } from '../db';
import type { Clock } from '../clock';
import type { Actor } from '../auth/actor';
import { GENESIS_HASH, linkHash, sha256Hex } from './chain';

/**
 * sealed: the event names or is caused by a bidder (registration, question, bid); hidden from
 * agency users and admins until the opening (DESIGN §1). public: anyone with audit access sees it.
 */
export type AuditVisibility = 'public' | 'sealed';

export type AuditInput = {
  actor: Actor | null;
  tenderId?: string | null;
  action: string;
  payload?: Record<string, unknown>;
  visibility?: AuditVisibility;
};

export type AuditEvent = {
  seq: number;
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

export type VerifyResult = { ok: true; checked: number } | { ok: false; checked: number; brokenAt: number; reason: string };

type Row = {
  seq: number | string;
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

export type AuditService = ReturnType<typeof createAuditService>;

/** The hash-chained, append-only audit trail (DESIGN §8). */
export function createAuditService({ clock }: { clock: Clock }) {
  return { append, listForTender, verify };

  /** Appends one event inside the caller's transaction (the state change and its audit commit together). */
  async function append(trx: Db, input: AuditInput): Promise<number> {
    const head = await forUpdate(trx, trx('audit_head').where({ id: 1 }).first<{ seq: number | string; hash: string }>());
    const seq = Number(head.seq) + 1;
    const payload = JSON.stringify(input.payload ?? {});
    const fields = {
      seq,
      at: clock.now().getTime(),
      actorId: input.actor?.id ?? null,
      actorRole: input.actor?.role ?? null,
      tenderId: input.tenderId ?? null,
      action: input.action,
      visibility: input.visibility ?? 'public',
      payloadHash: sha256Hex(payload),
    };
    const hash = linkHash(head.hash, fields);
    await trx('audit_events').insert({
      seq,
      at: fields.at,
      actor_id: fields.actorId,
      actor_role: fields.actorRole,
      tender_id: fields.tenderId,
      action: fields.action,
      visibility: fields.visibility,
      payload,
      payload_hash: fields.payloadHash,
      prev_hash: head.hash,
      hash,
    });
    await trx('audit_head').where({ id: 1 }).update({ seq, hash });
    return seq;
  }

  /** A tender's events in order; sealed events left out when includeSealed is false. */
  async function listForTender(db: Db, tenderId: string, opts: { includeSealed: boolean }): Promise<AuditEvent[]> {
    const q = db('audit_events').where({ tender_id: tenderId }).orderBy('seq', 'asc');
    if (!opts.includeSealed) {
      q.andWhere({ visibility: 'public' });
    }
    const rows: Row[] = await q;
    return rows.map(toEvent);
  }

  /** Recomputes the whole chain and names the first broken link. */
  async function verify(db: Db): Promise<VerifyResult> {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    const pageSize = 1000;
    for (;;) {
      const rows: Row[] = await db('audit_events').where('seq', '>=', expectedSeq).orderBy('seq', 'asc').limit(pageSize);
      for (const row of rows) {
        const e = toEvent(row);
        const broken = findBreak(e, row.payload, prev, expectedSeq);
        if (broken) {
          return { ok: false, checked, brokenAt: expectedSeq, reason: broken };
        }
        prev = e.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < pageSize) {
        break;
      }
    }
    const head = await db('audit_head').where({ id: 1 }).first<{ seq: number | string; hash: string }>();
    if (Number(head.seq) !== checked || head.hash !== prev) {
      return { ok: false, checked, brokenAt: checked + 1, reason: 'events after this point are missing (head does not match)' };
    }
    return { ok: true, checked };
  }
}

function findBreak(e: AuditEvent, payloadText: string, prev: string, expectedSeq: number): string | null {
  if (e.seq !== expectedSeq) {
    return `sequence gap: expected ${expectedSeq}, found ${e.seq}`;
  }
  if (e.prevHash !== prev) {
    return 'previous hash does not match the preceding event';
  }
  if (sha256Hex(payloadText) !== e.payloadHash) {
    return 'payload does not match its hash';
  }
  const recomputed = linkHash(prev, { ...e, at: Date.parse(e.at) });
  return recomputed === e.hash ? null : 'event fields do not match its hash';
}

function toEvent(r: Row): AuditEvent {
  return {
    seq: Number(r.seq),
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
