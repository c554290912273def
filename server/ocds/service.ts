import type { Clock } from '../clock';
import { toMs } from '../db/convert';
import { readTenderFacts, type FactsDeps } from './facts';
import { compareReleases, decodeCursor, encodeCursor, isAfter, releasePackage } from './package';
import { releasesOf, type DatedRelease } from './releases';
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

  /** GET /ocds/tenders/:id: every release of a published (non-draft) tender; a draft is 404. */
  async function tenderPackage(tenderId: string): Promise<Record<string, unknown>> {
    const releases = releasesOf(await readTenderFacts(deps, tenderId), { ocidPrefix, publicUrl });
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
    const all = (await allReleases()).filter((r) => (since === null || r.at >= since) && (cursor === null || isAfter(r, cursor)));
    const page = all.sort(compareReleases).slice(0, q.limit);
    const next = all.length > page.length ? feedUrl({ since: q.since, limit: q.limit, cursor: encodeCursor(page[page.length - 1]) }) : undefined;
    return releasePackage(feedUrl({ since: q.since, limit: q.limit, cursor: q.cursor }), page, clock.now().getTime(), next);
  }

  async function allReleases(): Promise<DatedRelease[]> {
    const out: DatedRelease[] = [];
    for (let page = 1; ; page++) {
      const { items } = await deps.tenders.list(null, { page, pageSize: TENDER_PAGE });
      for (const t of items) {
        out.push(...releasesOf(await readTenderFacts(deps, t.id), { ocidPrefix, publicUrl }));
      }
      if (items.length < TENDER_PAGE) {
        return out;
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
