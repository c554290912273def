import type { Clock } from '../clock';
import { toMs } from '../db/convert';
import { notFound } from '../http/errors';
import { readTenderFacts, type FactsDeps } from './facts';
import { compareReleases, decodeCursor, encodeCursor, isAfter, releasePackage } from './package';
import { releasesOf, type DatedRelease } from './releases';
import type { Tender } from '../tenders';
import type { ReleasesQuery } from './schema';

export type OcdsDeps = FactsDeps & { clock: Clock; ocidPrefix: string; publicUrl: string };
export type OcdsService = ReturnType<typeof createOcdsService>;

/** Tenders read per page while walking every public tender for the feed. */
const TENDER_PAGE = 100;

/**
 * OCDS 1.1 export (DESIGN §1: the public downloads OCDS data): one tender's release package, and
 * the feed of every public tender's releases in (date, id) order, paged by an opaque cursor.
 * Releases are built on request from the modules' public views; nothing is stored.
 */
export function createOcdsService(deps: OcdsDeps) {
  const { clock, ocidPrefix, publicUrl } = deps;
  const base = publicUrl.replace(/\/+$/, '');
  return { tenderPackage, releasesPage };

  /** GET /ocds/tenders/:id: every release of a published tender; a draft, also one cancelled unpublished, is 404. */
  async function tenderPackage(tenderId: string): Promise<Record<string, unknown>> {
    const releases = releasesOf(await readTenderFacts(deps, tenderId), { ocidPrefix, publicUrl });
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
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const since = q.since ? toMs(q.since) : null;
    const from = Math.max(since ?? Number.NEGATIVE_INFINITY, cursor?.d ?? Number.NEGATIVE_INFINITY);
    const wanted = (r: DatedRelease) => r.at >= from && (cursor === null || isAfter(r, cursor));
    const found = await releasesFrom(from, wanted, q.limit + 1);
    const page = found.slice(0, q.limit);
    const next = found.length > q.limit ? feedUrl({ since: q.since, limit: q.limit, cursor: encodeCursor(page[page.length - 1]) }) : undefined;
    return releasePackage(feedUrl({ since: q.since, limit: q.limit, cursor: q.cursor }), page, clock.now().getTime(), next);
  }

  /**
   * The first `count` wanted releases in feed order (or all there are). Tenders are read in order of
   * publication, and the walk stops at the first tender published after the count-th release found:
   * every release of it and of later ones is dated later. A tender is only read in full when it may
   * have a release dated `from` or later: every stage but a clarification updates tender.updatedAt.
   */
  async function releasesFrom(from: number, wanted: (r: DatedRelease) => boolean, count: number): Promise<DatedRelease[]> {
    const found: DatedRelease[] = [];
    for (const t of await publishedTenders()) {
      if (found.length >= count && found.sort(compareReleases)[count - 1].at < (t.publishedAt as number)) {
        break;
      }
      if (await mayHaveReleaseFrom(t, from)) {
        found.push(...releasesOf(await readTenderFacts(deps, t.id), { ocidPrefix, publicUrl }).filter(wanted));
      }
    }
    return found.sort(compareReleases).slice(0, count);
  }

  async function mayHaveReleaseFrom(t: Tender, from: number): Promise<boolean> {
    return t.updatedAt >= from || (await deps.clarifications.listClarifications(null, t.id)).some((c) => c.publishedAt >= from);
  }

  /** Every public tender that was published (a draft cancelled unpublished has no release), oldest publication first. */
  async function publishedTenders(): Promise<Tender[]> {
    const out: Tender[] = [];
    for (let page = 1; ; page++) {
      const { items } = await deps.tenders.list(null, { page, pageSize: TENDER_PAGE });
      out.push(...items.filter((t) => t.publishedAt !== null));
      if (items.length < TENDER_PAGE) {
        return out.sort((a, b) => (a.publishedAt as number) - (b.publishedAt as number));
      }
    }
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
