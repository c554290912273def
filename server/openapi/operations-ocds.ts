import { ReleasePackageResponse, ReleasesQuery } from '../ocds';
import { TenderParams } from '../tenders';
import type { RouteDoc } from './registry';

const PACKAGE = 'An OCDS 1.1 release package `{uri, version: "1.1", extensions, publishedDate, publisher: {name}, releases}`';

/** The OCDS export (docs/api-contracts.md "OCDS"): public and read-only. */
export const OCDS_OPERATIONS: readonly RouteDoc[] = [
  {
    method: 'get', path: '/ocds/tenders/{tenderId}', tag: 'ocds', access: 'public', params: TenderParams,
    summary: 'A tender’s OCDS 1.1 releases (tender, amendments, opening, award) as a release package',
    description: 'One release per stage, each showing the tender as it stood then; nothing about bids before the opening. Drafts are 404.',
    ok: { status: 200, description: PACKAGE, schema: ReleasePackageResponse },
  },
  {
    method: 'get', path: '/ocds/releases', tag: 'ocds', access: 'public', query: ReleasesQuery,
    summary: 'Every public tender’s OCDS releases in date order, from `since`, paged by `links.next`',
    description: 'Follow `links.next` (pagination extension) until it is absent: each release comes exactly once.',
    ok: { status: 200, description: `${PACKAGE} plus \`links.next\` while more follow`, schema: ReleasePackageResponse },
  },
];
