import type { TenderFacts } from '../../../server/ocds/facts';
import { ReleasePackageResponse, releasesOf } from '../../../server/ocds';
import { releasePackage } from '../../../server/ocds/package';
import type { Tender } from '../../../server/tenders';

/**
 * Issue 12: the OCDS routes' response schema (server/ocds/schema.ts) accepts every package the builder
 * makes, through a whole life (opening, publicity, award and contract), and every object in it is
 * strict. The only numbers in a package are the OCDS amounts, counts and bid
 * statistics (OCDS sends Value.amount as a JSON number): no time is a number.
 */
const T = Date.parse('2026-12-01T02:00:00.000Z');
const MIN = 60_000;
const BASE = 'https://jy.example.gov.cn';
const NUMBER_KEYS = new Set(['amount', 'value', 'numberOfTenderers']);

function awardedFacts(): TenderFacts {
  const tender = {
    id: '01JTENDER0000000000000000A', status: 'awarded', title: '某道路工程', code: 'JT-1', projectCode: null, description: '道路', category: 'construction',
    procurementMethod: 'open', budgetFen: 1_000_000_00, currency: 'CNY', registrationDeadline: T + 10 * MIN, bidDeadline: T + 20 * MIN, openingMode: 'platform',
    decryptionWindowMinutes: 30, undecryptedBids: 'backup', evaluationMethod: 'comprehensive', criteria: [{ name: '价格', weight: 60 }, { name: '技术', weight: 40 }],
    openingItems: ['price'], complianceItems: [], documentsPublic: true, ownerId: 'u1', ownerOrganizationId: 'o1', ownerOrganizationName: '某区交通局', ruleSet: 'sandbox',
    publishedAt: T, cancelledAt: null, cancelReason: null, sealedAt: T + 21 * MIN, failedAt: null, failureReason: null, createdAt: T - MIN, updatedAt: T + 200 * MIN,
  } as unknown as Tender;
  const bid = (org: string, price: string) => ({
    tenderId: tender.id, bidId: `b-${org}`, bidderId: `u-${org}`, bidderOrganization: org, status: 'valid' as const, reason: null, items: { price }, decryptedBy: 'platform' as const, decryptedAt: T + 22 * MIN,
  });
  const commitment = (org: string, position: number) => ({ position, sha256: Buffer.from(org).toString('hex').padEnd(64, '0'), size: 1, bidId: `b-${org}`, bidVersion: 1 });
  const candidates = [
    { rank: 1, bid: 'x', bidderId: 'u-甲', bidderOrganization: '甲公司', priceFen: 95_000_000, total: null },
    { rank: 2, bid: 'y', bidderId: 'u-乙', bidderOrganization: '乙公司', priceFen: 97_000_000, total: null },
  ];
  return {
    tender,
    agency: { name: '某区交通局', creditCode: '91110000600037341L' },
    documents: [{ id: 'd1', name: '招标文件.pdf', version: 1, sha256: 'a'.repeat(64), contentType: 'application/pdf', uploadedAt: T - MIN }] as unknown as TenderFacts['documents'],
    clarifications: [],
    opening: { endedAt: T + 25 * MIN, commitments: [commitment('甲公司', 1), commitment('乙公司', 2), commitment('丙公司', 3)], bids: [bid('甲公司', '950000.00'), bid('乙公司', '970000.00'), bid('丙公司', '990000.00')] },
    publicity: { tenderId: tender.id, candidates, publishedAt: T + 100 * MIN, endsAt: T + 103 * MIN } as unknown as TenderFacts['publicity'],
    award: { tenderId: tender.id, rank: 2, bid: 'y', bidderId: 'u-乙', bidderOrganization: '乙公司', priceFen: 97_000_000, reason: '第一名放弃', awardedAt: T + 200 * MIN, awardedBy: 'u1' },
    records: [{ id: 'r1', audience: 'public', kind: 'candidate_publicity', sha256: 'b'.repeat(64), title: '中标候选人公示', issuedAt: T + 101 * MIN, createdAt: T + 100 * MIN }] as unknown as TenderFacts['records'],
  };
}

function numbersOutsideOcdsAmounts(value: unknown, key = '', path = ''): string[] {
  if (typeof value === 'number') {
    return NUMBER_KEYS.has(key) && value < 1e11 ? [] : [`${path} = ${value}`];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => numbersOutsideOcdsAmounts(v, key, `${path}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => numbersOutsideOcdsAmounts(v, k, `${path}.${k}`));
  }
  return [];
}

describe('OCDS release package response schema', () => {
  const releases = releasesOf(awardedFacts(), { ocidPrefix: 'ocds-unit', publicUrl: BASE });
  const pkg = releasePackage(`${BASE}/api/ocds/tenders/01JTENDER0000000000000000A`, releases, T + 300 * MIN, `${BASE}/api/ocds/releases?limit=1&cursor=abc`);

  it('accepts every release of a whole life, award and contract included', () => {
    expect(releases.map((r) => r.release.tag)).toEqual([['tender'], ['tenderUpdate'], ['award'], ['awardUpdate', 'contract']]);
    const parsed = ReleasePackageResponse.safeParse(pkg);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('is strict: package, publisher, links, release, parties, tender and award sections', () => {
    const json = JSON.parse(JSON.stringify(pkg)) as Record<string, unknown> & { releases: Record<string, unknown>[]; publisher: Record<string, unknown>; links: Record<string, unknown> };
    const broken: unknown[] = [
      { ...json, extra: 1 },
      { ...json, version: '1.0' },
      { ...json, publishedDate: T },
      { ...json, publisher: { ...json.publisher, uid: 'x' } },
      { ...json, links: { ...json.links, prev: `${BASE}/x` } },
      { ...json, releases: [{ ...json.releases[0], budgetFen: 1 }] },
      { ...json, releases: [{ ...json.releases[0], date: T }] },
      { ...json, releases: [{ ...json.releases[0], tag: ['bid'] }] },
      { ...json, releases: [{ ...json.releases[0], parties: [{ id: 'p', name: 'n', roles: ['buyer'], secret: 1 }] }] },
      { ...json, releases: [{ ...json.releases[0], tender: { ...(json.releases[0].tender as object), budgetFen: 1 } }] },
      { ...json, releases: [{ ...json.releases[3], awards: [{ ...(json.releases[3].awards as object[])[0], bidderId: 'u' }] }] },
    ];
    expect(broken.map((b) => ReleasePackageResponse.safeParse(b).success)).toEqual(broken.map(() => false));
  });

  it('sends no time as a number: the only numbers are OCDS amounts, counts and bid statistics', () => {
    expect(numbersOutsideOcdsAmounts(JSON.parse(JSON.stringify(pkg)))).toEqual([]);
  });
});
