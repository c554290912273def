import type { Clock } from '../clock';
import type { Db, Knex } from '../db';
import { fromJson } from '../db/convert';
import type { Namespace, SessionEvent } from './protocol';
import { roomFor } from './rooms';

export type Emitter = {
  toRoom(room: string, event: 'event' | 'notice', payload: unknown): void;
};

export type EventBus = ReturnType<typeof createEventBus>;

/**
 * Sequenced live-session events: publish() assigns the per-tender seq and stores the event in the
 * caller's transaction; the emit happens only after that transaction commits.
 */
export function createEventBus({ clock, onPublished }: { clock: Clock; onPublished?: (ns: Namespace, type: string) => void }) {
  let emitter: Emitter | null = null;
  return { publish, notify, missedSince, currentSeq, attach: (e: Emitter | null) => (emitter = e) };

  /** Stores the event with the next seq of (tender, namespace); emitted to the room after commit. */
  async function publish(trx: Knex.Transaction, ns: Namespace, tenderId: string, type: string, payload: Record<string, unknown>): Promise<SessionEvent> {
    await trx('tender_streams')
      .insert({ tender_id: tenderId, namespace: ns, last_seq: 1 })
      .onConflict(['tender_id', 'namespace'])
      .merge({ last_seq: trx.raw('tender_streams.last_seq + 1') });
    const row = await trx('tender_streams').where({ tender_id: tenderId, namespace: ns }).first<{ last_seq: number | string }>();
    const event: SessionEvent = { seq: Number(row.last_seq), at: clock.now().toISOString(), type, payload };
    await trx('tender_events').insert({
      tender_id: tenderId,
      namespace: ns,
      seq: event.seq,
      at: Date.parse(event.at),
      type,
      payload: JSON.stringify(payload),
    });
    afterCommit(trx, () => {
      onPublished?.(ns, type);
      emitter?.toRoom(roomFor(ns, tenderId), 'event', { tenderId, ...event });
    });
    return event;
  }

  /** An unsequenced notice to one user or role in the tender's room, after commit (private matters). */
  function notify(
    trx: Knex.Transaction | null,
    ns: Namespace,
    tenderId: string,
    to: { role: string } | { userId: string },
    type: string,
    payload: Record<string, unknown>,
  ): void {
    const send = (): void => emitter?.toRoom(roomFor(ns, tenderId, to), 'notice', { tenderId, type, payload });
    if (trx) {
      afterCommit(trx, send);
    } else {
      send();
    }
  }

  /** Events after lastSeq, or null when more than `limit` were missed (send a snapshot instead). */
  async function missedSince(db: Db, ns: Namespace, tenderId: string, lastSeq: number, limit = 500): Promise<SessionEvent[] | null> {
    const rows: { seq: number | string; at: number | string; type: string; payload: string }[] = await db('tender_events')
      .where({ tender_id: tenderId, namespace: ns })
      .andWhere('seq', '>', lastSeq)
      .orderBy('seq')
      .limit(limit + 1);
    if (rows.length > limit) {
      return null;
    }
    return rows.map((r) => ({ seq: Number(r.seq), at: new Date(Number(r.at)).toISOString(), type: r.type, payload: fromJson(r.payload, {}) }));
  }

  async function currentSeq(db: Db, ns: Namespace, tenderId: string): Promise<number> {
    const row = await db('tender_streams').where({ tender_id: tenderId, namespace: ns }).first<{ last_seq: number | string } | undefined>();
    return row ? Number(row.last_seq) : 0;
  }
}

/** Runs fn once the transaction has committed; never when it rolls back. */
function afterCommit(trx: Knex.Transaction, fn: () => void): void {
  trx.executionPromise.then(fn, () => undefined);
}
