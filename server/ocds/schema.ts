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

// ---- Responses (issue 12): every object strict, as the builder makes it (releases.ts and its ----
// ---- sections); tests/integration/ocds also validate the packages against the OCDS 1.1.5 schema. ----
// ---- Times are ISO-8601 UTC with ms like every time of the API.                                  ----


/** OCDS Value: `amount` is a JSON number in yuan by the OCDS standard (the one place the API sends money as a number). */
export const OcdsValue = z.strictObject({ amount: z.number().nonnegative(), currency: z.literal('CNY') });

const PartyRef = z.strictObject({ id: z.string().min(1), name: z.string().min(1) });

const Party = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  identifier: z.strictObject({ scheme: z.literal('CN-USCC'), id: z.string().min(1), legalName: z.string().min(1) }).optional(),
  roles: z.array(z.enum(['buyer', 'procuringEntity', 'tenderer', 'supplier'])).min(1),
});

/** An OCDS Document: a public tender document, a clarification, or the signed 中标候选人公示 record. */
const OcdsDocument = z.strictObject({
  id: z.string().min(1),
  documentType: z.enum(['biddingDocuments', 'clarifications', 'awardNotice']),
  title: z.string(),
  description: z.string(),
  url: z.url(),
  datePublished: UtcTime,
  format: z.string().min(1),
  language: z.literal('zh'),
});

/** What the opening made public (bid extension): counts and prices as read out (唱标). */
const Bids = z.strictObject({
  statistics: z.array(z.strictObject({
    id: z.string().min(1),
    measure: z.enum(['bids', 'electronicBids', 'validBids', 'disqualifiedBids', 'lowestValidBidValue', 'highestValidBidValue']),
    value: z.number().nonnegative(),
    currency: z.literal('CNY').optional(),
  })),
  details: z.array(z.strictObject({
    id: z.string().min(1),
    date: UtcTime,
    status: z.enum(['valid', 'disqualified']),
    tenderers: z.array(PartyRef),
    value: OcdsValue.optional(),
  })),
});

/** The release's `tender` section (docs/api-contracts.md "OCDS export": the mapping table). */
const TenderSection = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  description: z.string().optional(),
  status: z.enum(['active', 'complete', 'cancelled', 'unsuccessful']),
  procuringEntity: PartyRef,
  value: OcdsValue,
  procurementMethod: z.enum(['open', 'selective', 'limited']),
  procurementMethodDetails: z.string(),
  mainProcurementCategory: z.enum(['works', 'goods', 'services']).optional(),
  awardCriteria: z.enum(['ratedCriteria', 'priceOnly']),
  awardCriteriaDetails: z.string(),
  submissionMethod: z.array(z.literal('electronicSubmission')),
  submissionMethodDetails: z.string(),
  tenderPeriod: z.strictObject({ startDate: UtcTime, endDate: UtcTime }),
  enquiryPeriod: z.strictObject({ startDate: UtcTime, endDate: UtcTime }),
  documents: z.array(OcdsDocument),
  amendments: z.array(z.strictObject({ id: z.string().min(1), date: UtcTime, rationale: z.string(), description: z.string() })),
  numberOfTenderers: z.number().int().nonnegative().optional(),
  tenderers: z.array(PartyRef).optional(),
  bids: Bids.optional(),
});

const Award = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  status: z.enum(['pending', 'active', 'cancelled']),
  date: UtcTime,
  value: OcdsValue.optional(),
  suppliers: z.array(PartyRef),
  documents: z.array(OcdsDocument),
});

const Contract = z.strictObject({
  id: z.string().min(1),
  awardID: z.string().min(1),
  title: z.string(),
  description: z.string(),
  status: z.literal('pending'),
  value: OcdsValue,
});

/** One OCDS 1.1 release as stored and served (docs/api-contracts.md "OCDS export"). */
export const ReleaseResponse = z.strictObject({
  ocid: z.string().min(1),
  id: z.string().min(1),
  date: UtcTime,
  tag: z.array(z.enum(['tender', 'tenderAmendment', 'tenderUpdate', 'tenderCancellation', 'award', 'awardUpdate', 'awardCancellation', 'contract'])).min(1),
  initiationType: z.literal('tender'),
  language: z.literal('zh'),
  parties: z.array(Party).min(1),
  buyer: PartyRef,
  tender: TenderSection,
  awards: z.array(Award).optional(),
  contracts: z.array(Contract).optional(),
});

/**
 * GET /ocds/tenders/:id and GET /ocds/releases: an OCDS 1.1 release package. `links.next` (pagination
 * extension) only on a feed page that has more after it.
 */
export const ReleasePackageResponse = z.strictObject({
  uri: z.url(),
  version: z.literal('1.1'),
  extensions: z.array(z.url()),
  publishedDate: UtcTime,
  publisher: z.strictObject({ name: z.string().min(1) }),
  releases: z.array(ReleaseResponse),
  links: z.strictObject({ next: z.url() }).optional(),
});
export type ReleasePackageResponse = z.infer<typeof ReleasePackageResponse>;
