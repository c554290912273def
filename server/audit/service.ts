import type { Db } from '../db';
import { inTransaction } from '../db';
import type { Clock } from '../clock';
import type { Actor } from '../auth/actor';
import { GENESIS_HASH, linkHash, sha256Hex } from './chain';
import { createCheckpointSigner, type CheckpointSigner } from './checkpoints';
import * as store from './store';
import type { AuditEvent, AuditVisibility, EventRow, Head } from './store';
import { verifyChain, type CheckpointClaim, type VerifyResult } from './verify';

export type { AuditEvent, AuditVisibility } from './store';

/**
 * sealed: the event names or is caused by a bidder (registration, question, bid); hidden from
 * agency users and admins until the opening (DESIGN §1). public: anyone with audit access sees it.
 */
export type AuditInput = {
  actor: Actor | null;
  tenderId?: string | null;
  action: string;
  payload?: Record<string, unknown>;
  visibility?: AuditVisibility;
};

/**
 * A tender's sealed events wait outside the chain until one of these: its opening started (the
 * bid deadline) or it was cancelled. Then they are chained, in the order they happened, just
 * before the event that released them. So before the deadline no chain position, head hash or
 * checkpoint moves when a bidder acts (DESIGN §8).
 */
export const RELEASE_ACTIONS = ['opening.started', 'tender.cancelled'] as const;

/** Stage changes (a tender's status, the hall's and the committee's stages): each one is checkpointed at once. */
export const STAGE_ACTIONS: ReadonlySet<string> = new Set([
  'tender.published', 'tender.cancelled', 'tender.failed',
  'opening.started', 'opening.sealed', 'opening.decryption-started', 'opening.record-ready', 'opening.paused', 'opening.resumed-by-host', 'opening.ended', 'opening.completed',
  'evaluation.stage-changed', 'evaluation.completed', 'candidates.published', 'award.made',
]);

/** Interval checkpoints, when the chain grew since the last one (Certificate Transparency's maximum merge delay, much shorter). */
export const CHECKPOINT_INTERVAL_MS = 5 * 60_000;

export type { VerifyResult, CheckpointClaim } from './verify';

export type AuditService = ReturnType<typeof createAuditService>;

/** The hash-chained, append-only audit trail with signed checkpoints (DESIGN §8). */
export function createAuditService({ clock }: { clock: Clock }) {
  const signing = createCheckpointSigner();
  return {
    append,
    listForTender,
    verify: (db: Db, claim?: CheckpointClaim): Promise<VerifyResult> => verifyChain(db, signing, claim),
    useSigner: (s: CheckpointSigner) => signing.use(s),
    checkpoints: { latest: signing.latest, bySize: signing.bySize, page: signing.page, signerCertificatePem: signing.signerCertificatePem },
    checkpointNow,
    startCheckpoints,
  };

  /** Appends one event inside the caller's transaction (the state change and its audit commit together); returns its insertion number. */
  async function append(trx: Db, input: AuditInput): Promise<number> {
    const locked = await store.lockHead(trx);
    let head: Head = locked;
    const seq = locked.lastSeq + 1;
    const tenderId = input.tenderId ?? null;
    const visibility = input.visibility ?? 'public';
    const payload = JSON.stringify(input.payload ?? {});
    const at = clock.now().getTime();
    const fields = { at, actorId: input.actor?.id ?? null, actorRole: input.actor?.role ?? null, tenderId, action: input.action, visibility, payloadHash: sha256Hex(payload) };
    const row = { seq, at, actor_id: fields.actorId, actor_role: fields.actorRole, tender_id: tenderId, action: input.action, visibility, payload, payload_hash: fields.payloadHash };
    if (tenderId && visibility === 'sealed' && !(await store.isReleased(trx, tenderId, RELEASE_ACTIONS))) {
      // Waits outside the chain, linked only to its tender's other waiting events.
      const waiting = await store.listWaiting(trx, tenderId);
      const prev = waiting.length ? (waiting[waiting.length - 1] as EventRow).hash : GENESIS_HASH;
      await trx('audit_events').insert({ ...row, chain_seq: null, prev_hash: prev, hash: linkHash(prev, { ...fields, seq }) });
      await store.writeHead(trx, locked, seq);
      return seq;
    }
    if (tenderId && (RELEASE_ACTIONS as readonly string[]).includes(input.action)) {
      head = await chainWaiting(trx, tenderId, head);
    }
    const chained: Head = { seq: head.seq + 1, hash: linkHash(head.hash, { ...fields, seq: head.seq + 1 }) };
    await trx('audit_events').insert({ ...row, chain_seq: chained.seq, prev_hash: head.hash, hash: chained.hash });
    await store.writeHead(trx, chained, seq);
    if (STAGE_ACTIONS.has(input.action)) {
      await signing.signedAt(trx, chained, at);
    }
    return seq;
  }

  /** Chains a tender's waiting sealed events after `head`, in the order they happened. */
  async function chainWaiting(trx: Db, tenderId: string, head: Head): Promise<Head> {
    let h = head;
    for (const r of await store.listWaiting(trx, tenderId)) {
      const e = store.toEvent(r);
      const next = h.seq + 1;
      const hash = linkHash(h.hash, { ...e, seq: next, at: Number(r.at) });
      await trx('audit_events').where({ seq: e.seq }).update({ chain_seq: next, prev_hash: h.hash, hash });
      h = { seq: next, hash };
    }
    return h;
  }

  /**
   * A tender's events in the order they happened (time, then chain position; waiting events after
   * chained ones of the same millisecond, as they will be chained); sealed ones only with includeSealed.
   */
  async function listForTender(db: Db, tenderId: string, opts: { includeSealed: boolean }): Promise<AuditEvent[]> {
    const events = (await store.listTenderRows(db, tenderId)).map(store.toEvent);
    const rank = (e: AuditEvent): [number, number, number] => [Date.parse(e.at), e.chainSeq === null ? 1 : 0, e.chainSeq ?? e.seq];
    events.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
    return opts.includeSealed ? events : events.filter((e) => e.visibility === 'public');
  }

  /** Signs a checkpoint of the head when the chain grew since the last one; returns whether it did. */
  async function checkpointNow(db: Db): Promise<boolean> {
    if (!signing.isReady()) {
      return false;
    }
    return inTransaction(db, async (trx) => {
      const head = await store.lockHead(trx);
      const last = await store.latestCheckpoint(trx);
      if (head.seq === 0 || (last && Number(last.size) >= head.seq)) {
        return false;
      }
      return (await signing.signedAt(trx, head, clock.now().getTime())) !== null;
    });
  }

  /** Interval checkpoints on a timer of their own (never on a request: when one is made must not depend on who asked). */
  function startCheckpoints(db: Db, intervalMs = CHECKPOINT_INTERVAL_MS, onError: (err: unknown) => void = () => undefined): { stop: () => void } {
    const timer = setInterval(() => {
      checkpointNow(db).catch(onError);
    }, intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
}
