import type { TenderFacts } from '../../../server/ocds/facts';
import { releasesOf } from '../../../server/ocds';
import type { Tender } from '../../../server/tenders';

/** Stage logic of the OCDS export on facts made by hand: the paths a lifecycle test does not take. */
const T = Date.parse('2026-12-01T02:00:00.000Z');
const MIN = 60_000;
const OPTS = { ocidPrefix: 'ocds-unit', publicUrl: 'https://jy.example.gov.cn/' };

function facts(tender: Partial<Tender>, more: Partial<TenderFacts> = {}): TenderFacts {
  const t = {
    id: '01JTENDER0000000000000000A', status: 'published', title: '某道路工程', code: 'JT-1', projectCode: null, description: '', category: 'land',
    procurementMethod: 'inquiry', budgetFen: 123_456, currency: 'CNY', registrationDeadline: T + 10 * MIN, bidDeadline: T + 20 * MIN, openingMode: 'platform',
    decryptionWindowMinutes: 30, undecryptedBids: 'backup', evaluationMethod: 'lowest_price', criteria: [], openingItems: ['price'], complianceItems: [],
    documentsPublic: false, ownerId: 'u1', ownerOrganizationId: null, ownerOrganizationName: '某区交通局', ruleSet: 'sandbox', publishedAt: T,
    cancelledAt: null, cancelReason: null, sealedAt: null, failedAt: null, failureReason: null, createdAt: T - MIN, updatedAt: T, ...tender,
  } as Tender;
  return { tender: t, agency: { name: '某区交通局', creditCode: null }, documents: [], clarifications: [], opening: null, publicity: null, award: null, records: [], ...more };
}
const bid = (org: string, status: 'valid' | 'invalid', price?: string) => ({
  tenderId: 't', bidId: `b-${org}`, bidderId: `u-${org}`, bidderOrganization: org, status, reason: null, items: price ? { price } : null, decryptedBy: 'platform' as const, decryptedAt: T + 21 * MIN,
});
const commitment = (org: string, position: number) => ({ position, sha256: `${org}`.padEnd(64, '0'), size: 1, bidId: `b-${org}`, bidVersion: 1 });

describe('OCDS releases of one tender', () => {
  it('a failed opening (流标) is one tenderUpdate release, unsuccessful, with the bids it read', () => {
    const f = facts(
      { status: 'failed', sealedAt: T + 21 * MIN, failedAt: T + 25 * MIN },
      { opening: { endedAt: T + 25 * MIN, commitments: [commitment('甲', 1), commitment('乙', 2)], bids: [bid('甲', 'valid', '99.50'), bid('乙', 'invalid')] } },
    );
    const rs = releasesOf(f, OPTS).map((r) => r.release);
    expect(rs.map((r) => [r.id, r.tag])).toEqual([['ocds-unit-01JTENDER0000000000000000A-tender', ['tender']], ['ocds-unit-01JTENDER0000000000000000A-opening', ['tenderUpdate']]]);
    expect(rs[1].tender).toMatchObject({ status: 'unsuccessful', numberOfTenderers: 2, procurementMethod: 'limited', awardCriteria: 'priceOnly', value: { amount: 1234.56, currency: 'CNY' } });
    expect(rs[1].tender).not.toHaveProperty('mainProcurementCategory');
    const bids = (rs[1].tender as { bids: { statistics: { measure: string; value: number }[]; details: { id: string; status: string }[] } }).bids;
    expect(Object.fromEntries(bids.statistics.map((s) => [s.measure, s.value]))).toEqual({ bids: 2, electronicBids: 2, validBids: 1, disqualifiedBids: 1, lowestValidBidValue: 99.5, highestValidBidValue: 99.5 });
    expect(bids.details.map((d) => d.status)).toEqual(['valid', 'disqualified']);
    expect(rs[0].tender).toMatchObject({ status: 'active' });
    expect(rs[0].tender).not.toHaveProperty('bids');
  });

  it('a tender cancelled before its deadline has tender and tenderCancellation releases and no bidder', () => {
    const rs = releasesOf(facts({ status: 'cancelled', cancelledAt: T + 5 * MIN }), OPTS).map((r) => r.release);
    expect(rs.map((r) => r.tag)).toEqual([['tender'], ['tenderCancellation']]);
    expect(rs[1]).toMatchObject({ date: new Date(T + 5 * MIN).toISOString(), tender: { status: 'cancelled' } });
    expect(rs[1].parties).toEqual([{ id: expect.stringMatching(/^TH-ORG-[0-9a-f]{16}$/), name: '某区交通局', roles: ['buyer', 'procuringEntity'] }]);
  });

  it('cancelled during publicity: the pending award becomes cancelled, tagged awardCancellation', () => {
    const candidates = [{ rank: 1, bid: 'x', bidderId: 'u-甲', bidderOrganization: '甲', priceFen: 9_950, total: null }];
    const f = facts(
      { status: 'cancelled', sealedAt: T + 21 * MIN, cancelledAt: T + 90 * MIN },
      { opening: { endedAt: T + 25 * MIN, commitments: [commitment('甲', 1)], bids: [bid('甲', 'valid', '99.50')] }, publicity: { tenderId: 't', candidates, publishedAt: T + 60 * MIN, endsAt: T + 63 * MIN } },
    );
    const rs = releasesOf(f, OPTS).map((r) => r.release);
    expect(rs.map((r) => r.tag)).toEqual([['tender'], ['tenderUpdate'], ['award'], ['tenderCancellation', 'awardCancellation']]);
    expect((rs[2].awards as { status: string }[])[0].status).toBe('pending');
    expect((rs[3].awards as { status: string }[])[0].status).toBe('cancelled');
  });

  it('a rejection of every bid after the opening (否决所有投标) is its own unsuccessful release after the opening one', () => {
    const f = facts(
      { status: 'failed', sealedAt: T + 21 * MIN, failedAt: T + 50 * MIN },
      { opening: { endedAt: T + 25 * MIN, commitments: [commitment('甲', 1)], bids: [bid('甲', 'valid', '99.50')] } },
    );
    const rs = releasesOf(f, OPTS).map((r) => r.release);
    expect(rs.map((r) => [r.id.split('-').pop(), (r.tender as { status: string }).status])).toEqual([['tender', 'active'], ['opening', 'active'], ['failure', 'unsuccessful']]);
  });

  it('a draft has no release at all', () => {
    expect(releasesOf(facts({ status: 'draft', publishedAt: null }), OPTS)).toEqual([]);
  });
});
