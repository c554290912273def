import { z } from 'zod';
import { UtcTime } from '../http/response-schema';

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

// ---- Responses (issue 12): the release package is strict where this platform defines the shape; ----
// ---- inside a release, the OCDS 1.1.5 schema (tests/fixtures/ocds) governs the sections.       ----

/** OCDS `date` fields as this platform sends them: ISO-8601 UTC with milliseconds (as every time of the API). */
const OcdsDate = UtcTime;

/** OCDS Value: `amount` is a JSON number in yuan by the OCDS standard (the one place the API sends money as a number). */
export const OcdsValue = z.strictObject({ amount: z.number().nonnegative(), currency: z.literal('CNY') });

const PartyRef = z.strictObject({ id: z.string().min(1), name: z.string().min(1) });

const Party = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  identifier: z.strictObject({ scheme: z.literal('CN-USCC'), id: z.string().min(1), legalName: z.string().min(1) }).optional(),
  roles: z.array(z.enum(['buyer', 'procuringEntity', 'tenderer', 'supplier'])).min(1),
});

/** The release's `tender` section: the keys this platform always sends, typed; the rest as the OCDS release schema allows. */
const TenderSection = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  status: z.enum(['active', 'complete', 'cancelled', 'unsuccessful']),
  procuringEntity: PartyRef,
  value: OcdsValue,
  tenderPeriod: z.strictObject({ startDate: OcdsDate, endDate: OcdsDate }),
  documents: z.array(z.looseObject({ id: z.string().min(1), documentType: z.string(), url: z.url() })),
});

/** One OCDS 1.1 release as stored and served (docs/api-contracts.md "OCDS export"). */
export const ReleaseResponse = z.strictObject({
  ocid: z.string().min(1),
  id: z.string().min(1),
  date: OcdsDate,
  tag: z.array(z.enum(['tender', 'tenderAmendment', 'tenderUpdate', 'tenderCancellation', 'award', 'awardUpdate', 'awardCancellation', 'contract'])).min(1),
  initiationType: z.literal('tender'),
  language: z.literal('zh'),
  parties: z.array(Party).min(1),
  buyer: PartyRef,
  tender: TenderSection,
  awards: z.array(z.looseObject({ id: z.string().min(1), status: z.enum(['pending', 'active', 'cancelled']), date: OcdsDate, suppliers: z.array(PartyRef), value: OcdsValue.optional() })).optional(),
  contracts: z.array(z.looseObject({ id: z.string().min(1), awardID: z.string().min(1), status: z.literal('pending'), value: OcdsValue })).optional(),
});

/**
 * GET /ocds/tenders/:id and GET /ocds/releases: an OCDS 1.1 release package. `links.next` (pagination
 * extension) only on a feed page that has more after it.
 */
export const ReleasePackageResponse = z.strictObject({
  uri: z.url(),
  version: z.literal('1.1'),
  extensions: z.array(z.url()),
  publishedDate: OcdsDate,
  publisher: z.strictObject({ name: z.string().min(1) }),
  releases: z.array(ReleaseResponse),
  links: z.strictObject({ next: z.url() }).optional(),
});
export type ReleasePackageResponse = z.infer<typeof ReleasePackageResponse>;
