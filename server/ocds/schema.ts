import { z } from 'zod';

/** GET /ocds/releases: `since` (ISO time, inclusive), page size, and the opaque cursor of links.next. */
export const ReleasesQuery = z.strictObject({
  since: z.iso.datetime({ offset: true, message: 'ISO-8601 time, e.g. 2026-12-01T00:00:00.000Z' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'the cursor of a links.next URL').optional(),
});
export type ReleasesQuery = z.infer<typeof ReleasesQuery>;

/** The position after a release in the (date, id) order of the feed. */
export const Cursor = z.strictObject({ d: z.number().int().min(0), i: z.string().min(1).max(300) });
export type Cursor = z.infer<typeof Cursor>;
