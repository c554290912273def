import type { Clock } from '../clock';
import type { Db } from '../db';
import { toMs } from '../db/convert';
import { HttpError, notFound } from '../http/errors';
import type { Logger } from '../logger';
import { readTenderFacts, type FactsDeps } from './facts';
import { decodeCursor, encodeCursor, releasePackage } from './package';
import { releasesOf, type DatedRelease } from './releases';
import type { ReleasesQuery } from './schema';
import * as store from './store';

export type OcdsDeps = FactsDeps & { db: Db; log: Logger; clock: Clock; ocidPrefix: string; publicUrl: string };
export type OcdsService = ReturnType<typeof createOcdsService>;

/** Marked tenders rebuilt per round of a catch-up, and rounds per catch-up (the rest waits for the next one). */
const BATCH = 100;
const ROUNDS = 20;
/** How often a started service (main.ts) catches up besides right after each change. */
const INTERVAL_MS = 5_000;

/**
 * OCDS 1.1 export (DESIGN §1: the public downloads OCDS data): one tender's release package, and
 * the feed of every public tender's releases in (date, id) order, paged by an opaque cursor.
 *
 * Releases are stored when they happen (issue 13 finding 8): every public change of a tender marks it
 * in ocds_outbox in the change's own transaction (outbox.ts); the builder (releasesOf over the modules'
 * public views) rebuilds a marked tender's releases after commit, and on start. A read serves pages
 * of stored rows (keyset on (date, id)); it first catches up on marks not yet built, so its work is
 * its page plus the changes since the last catch-up, never every public tender.
 */
export function createOcdsService(deps: OcdsDeps) {
  const { db, log, clock, ocidPrefix, publicUrl } = deps;
  const base = publicUrl.replace(/\/+$/, '');
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  return { tenderPackage, releasesPage, catchUp, build, changed, start, stop };

  /** GET /ocds/tenders/:id: every release of a published tender; a draft, also one cancelled unpublished, is 404. */
  async function tenderPackage(tenderId: string): Promise<Record<string, unknown>> {
    await catchUp();
    const releases = await store.tenderReleases(db, tenderId);
    if (releases.length === 0) {
      throw notFound('tender');
    }
    return releasePackage(`${base}/api/ocds/tenders/${tenderId}`, releases, clock.now().getTime());
  }

  /**
   * GET /ocds/releases: releases dated at or after `since`, after the cursor, at most `limit`;
   * links.next carries the position of the last one (stable: each release appears exactly once
   * as the feed is followed, and later changes come after it because their dates are later).
   */
  async function releasesPage(q: ReleasesQuery): Promise<Record<string, unknown>> {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const since = q.since ? toMs(q.since) : null;
    await catchUp();
    const found = await store.feedPage(db, { from: since, after, limit: q.limit + 1 });
    const page = found.slice(0, q.limit);
    const next = found.length > q.limit ? feedUrl({ since: q.since, limit: q.limit, cursor: encodeCursor(page[page.length - 1]) }) : undefined;
    return releasePackage(feedUrl({ since: q.since, limit: q.limit, cursor: q.cursor }), page, clock.now().getTime(), next);
  }

  /** The builder: a tender's releases made now from the modules' public views (what is stored for it). */
  async function build(tenderId: string): Promise<DatedRelease[]> {
    try {
      return releasesOf(await readTenderFacts(deps, tenderId), { ocidPrefix, publicUrl });
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        return [];
      }
      throw err;
    }
  }

  /**
   * Builds every marked tender. One catch-up at a time in this process; a caller arriving while one
   * runs waits for the next, which starts after it (so it sees the marks committed before its call).
   */
  function catchUp(): Promise<void> {
    if (!running) {
      running = drain().finally(() => {
        running = null;
      });
      return running;
    }
    queued ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      queued = null;
      return catchUp();
    });
    return queued;
  }

  async function drain(): Promise<void> {
    for (let round = 0; round < ROUNDS; round++) {
      const marks = await store.pendingChanges(db, BATCH);
      if (marks.length === 0) {
        return;
      }
      let progress = false;
      for (const { tenderId, version } of marks) {
        try {
          progress = (await store.replaceReleases(db, tenderId, version, await build(tenderId))) || progress;
        } catch (err) {
          log.warn({ err, tenderId }, 'OCDS releases not rebuilt; the tender stays marked');
        }
      }
      if (!progress) {
        return;
      }
    }
  }

  /** After a change committed (outbox.ts): a started service builds it now, not at the next read. */
  function changed(): void {
    if (timer) {
      setImmediate(() => void catchUp().catch((err: unknown) => log.warn({ err }, 'OCDS catch-up failed')));
    }
  }

  /** main.ts: catch up on start (marks left by a crash, tenders from before the table), then after each change and every few seconds. */
  async function start(): Promise<void> {
    timer = setInterval(() => changed(), INTERVAL_MS);
    timer.unref();
    await catchUp();
  }

  async function stop(): Promise<void> {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    await (queued ?? running ?? Promise.resolve()).catch(() => undefined);
  }

  function feedUrl(params: { since?: string; limit: number; cursor?: string }): string {
    const search = new URLSearchParams();
    if (params.since) {
      search.set('since', params.since);
    }
    search.set('limit', String(params.limit));
    if (params.cursor) {
      search.set('cursor', params.cursor);
    }
    return `${base}/api/ocds/releases?${search.toString()}`;
  }
}
