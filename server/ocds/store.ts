import type { Db } from '../db';
import { forUpdate, inTransaction } from '../db';
import type { DatedRelease, Release } from './releases';
import type { Cursor } from './schema';

/** The ocds module's tables: stored releases (ocds_releases) and the outbox of changed tenders (ocds_outbox). */

type ReleaseRow = { id: string; tender_id: string; at: number | string; body: string };

/** Marks a tender's releases for rebuilding, in the caller's transaction (the change and its mark commit together). */
export async function markChanged(trx: Db, tenderId: string): Promise<void> {
  await trx('ocds_outbox')
    .insert({ tender_id: tenderId, version: 1 })
    .onConflict('tender_id')
    .merge({ version: trx.raw('ocds_outbox.version + 1') });
}

/** Some marked tenders with the version of their mark. */
export async function pendingChanges(db: Db, limit: number): Promise<{ tenderId: string; version: number }[]> {
  const rows: { tender_id: string; version: number | string }[] = await db('ocds_outbox').select('tender_id', 'version').orderBy('tender_id').limit(limit);
  return rows.map((r) => ({ tenderId: r.tender_id, version: Number(r.version) }));
}

/**
 * Replaces a tender's stored releases with `releases`, built from facts read after its mark at
 * `version`, and clears the mark — unless the mark moved meanwhile (then nothing is written and the
 * tender stays marked). false when nothing was written.
 */
export async function replaceReleases(db: Db, tenderId: string, version: number, releases: DatedRelease[]): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const mark = await forUpdate(trx, trx('ocds_outbox').where({ tender_id: tenderId }).first<{ version: number | string } | undefined>());
    if (!mark || Number(mark.version) !== version) {
      return false;
    }
    await trx('ocds_releases').where({ tender_id: tenderId }).delete();
    if (releases.length > 0) {
      await trx('ocds_releases').insert(releases.map((r) => ({ id: r.release.id, tender_id: tenderId, at: r.at, body: JSON.stringify(r.release) })));
    }
    await trx('ocds_outbox').where({ tender_id: tenderId, version }).delete();
    return true;
  });
}

/** A tender's stored releases in feed order. */
export async function tenderReleases(db: Db, tenderId: string): Promise<DatedRelease[]> {
  const rows: ReleaseRow[] = await db('ocds_releases').where({ tender_id: tenderId }).orderBy([{ column: 'at' }, { column: 'id' }]);
  return rows.map(toDated);
}

/** One keyset page of the feed: dated at or after `from`, after the cursor, in (at, id) order. */
export async function feedPage(db: Db, q: { from: number | null; after: Cursor | null; limit: number }): Promise<DatedRelease[]> {
  const query = db('ocds_releases').select('id', 'tender_id', 'at', 'body');
  if (q.from !== null) {
    query.where('at', '>=', q.from);
  }
  if (q.after) {
    const { d, i } = q.after;
    query.where((w) => w.where('at', '>', d).orWhere((x) => x.where('at', '=', d).andWhere('id', '>', i)));
  }
  const rows: ReleaseRow[] = await query.orderBy([{ column: 'at' }, { column: 'id' }]).limit(q.limit);
  return rows.map(toDated);
}

function toDated(r: ReleaseRow): DatedRelease {
  return { at: Number(r.at), release: JSON.parse(r.body) as Release };
}
