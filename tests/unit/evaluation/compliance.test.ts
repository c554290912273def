/**
 * 符合性/资格审查 by majority (server/evaluation/compliance.ts): a bid fails an item when more than half
 * of the committee fails it there; a tie passes; the failing members' reasons are kept.
 */
import fc from 'fast-check';
import { decideCompliance, isStrictMajority, missingCompliance, type ComplianceEntry } from '../../../server/evaluation/compliance';

const ITEMS = ['qualification', 'signature', 'price_limit', 'duration'];
const BIDS = ['b01', 'b02', 'b03'];
const MEMBERS = ['E1', 'E2', 'E3', 'E4', 'E5'];

/** Every member passes everything, except the given fails. */
function entries(members: string[], fails: Omit<ComplianceEntry, 'pass'>[]): ComplianceEntry[] {
  return members.flatMap((member) =>
    BIDS.flatMap((bid) =>
      ITEMS.map((item) => {
        const fail = fails.find((f) => f.member === member && f.bid === bid && f.item === item);
        return fail ? { ...fail, pass: false } : { member, bid, item, pass: true };
      }),
    ),
  );
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('compliance is decided by the majority of the committee', () => {
  it('fails a bid that 3 of 5 fail on one item, keeping their reasons in seat order', () => {
    const all = entries(MEMBERS, [
      { member: 'E4', bid: 'b02', item: 'duration', reason: '工期 420 天，超过招标文件要求的 365 天' },
      { member: 'E1', bid: 'b02', item: 'duration', reason: '工期不满足要求' },
      { member: 'E2', bid: 'b02', item: 'duration', reason: '工期超出' },
      { member: 'E3', bid: 'b03', item: 'signature', reason: '投标函未加盖公章' },
      { member: 'E5', bid: 'b03', item: 'signature', reason: '签章不全' },
    ]);
    expect(decideCompliance(ITEMS, BIDS, MEMBERS, all)).toEqual([
      { bid: 'b01', passed: true, failedItems: [] },
      { bid: 'b02', passed: false, failedItems: [{ item: 'duration', reasons: ['工期不满足要求', '工期超出', '工期 420 天，超过招标文件要求的 365 天'] }] },
      { bid: 'b03', passed: true, failedItems: [] },
    ]);
  });

  it('passes a tie (2 of 4) and fails on every item a majority fails', () => {
    const four = MEMBERS.slice(0, 4);
    const fail = (member: string, item: string): Omit<ComplianceEntry, 'pass'> => ({ member, bid: 'b01', item, reason: `${item} 不符合` });
    const all = entries(four, [fail('E1', 'qualification'), fail('E2', 'qualification'), fail('E1', 'price_limit'), fail('E2', 'price_limit'), fail('E3', 'price_limit')]);
    expect(decideCompliance(ITEMS, BIDS, four, all)[0]).toEqual({
      bid: 'b01',
      passed: false,
      failedItems: [{ item: 'price_limit', reasons: ['price_limit 不符合', 'price_limit 不符合', 'price_limit 不符合'] }],
    });
    expect(isStrictMajority(2, 4)).toBe(false);
    expect(isStrictMajority(3, 5)).toBe(true);
  });

  it('lists what a member still has to decide', () => {
    const mine = entries(['E1'], []).filter((e) => !(e.bid === 'b03' && e.item !== 'qualification'));
    expect(missingCompliance(ITEMS, BIDS, mine)).toEqual([
      { bid: 'b03', item: 'signature' },
      { bid: 'b03', item: 'price_limit' },
      { bid: 'b03', item: 'duration' },
    ]);
    expect(missingCompliance(ITEMS, BIDS, [])).toHaveLength(12);
  });

  it('refuses to decide while a decision is missing (409, listing it)', () => {
    const all = entries(MEMBERS, []).filter((e) => !(e.member === 'E5' && e.bid === 'b01' && e.item === 'duration'));
    expect(caught(() => decideCompliance(ITEMS, BIDS, MEMBERS, all))).toMatchObject({
      status: 409,
      code: 'EVALUATION_STAGE',
      fields: [{ path: 'entries', message: 'member E5 has not decided item duration of bid b01' }],
    });
  });

  it('refuses unknown ids, duplicates and a fail without a reason (400)', () => {
    const all = entries(MEMBERS, []);
    const bad = [...all, { member: 'E9', bid: 'b01', item: 'signature', pass: true }, { ...all[0] }, { member: 'E1', bid: 'b02', item: 'bogus', pass: false, reason: ' ' }];
    expect(caught(() => decideCompliance(ITEMS, BIDS, MEMBERS, bad))).toMatchObject({
      status: 400,
      code: 'VALIDATION',
      fields: [
        { path: `entries.${all.length}.member` },
        { path: `entries.${all.length + 1}` },
        { path: `entries.${all.length + 2}.item` },
        { path: `entries.${all.length + 2}.reason` },
      ],
    });
  });
});

describe('properties of the majority', () => {
  const votesArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
    fc.tuple(
      fc.constant(MEMBERS.concat(['E6', 'E7', 'E8', 'E9']).slice(0, n)),
      fc.array(fc.boolean(), { minLength: n * BIDS.length * ITEMS.length, maxLength: n * BIDS.length * ITEMS.length }),
    ),
  );
  const toEntries = (members: string[], votes: boolean[]): ComplianceEntry[] =>
    members.flatMap((member, m) =>
      BIDS.flatMap((bid, b) =>
        ITEMS.map((item, i) => {
          const pass = votes[(m * BIDS.length + b) * ITEMS.length + i];
          return { member, bid, item, pass, reason: pass ? null : `${member} fails ${item}` };
        }),
      ),
    );

  it('fails exactly the items more than half of the members fail, and a bid exactly when one item fails', () => {
    fc.assert(
      fc.property(votesArb, ([members, votes]) => {
        const all = toEntries(members, votes);
        for (const r of decideCompliance(ITEMS, BIDS, members, all)) {
          const failing = ITEMS.filter((item) => 2 * all.filter((e) => e.bid === r.bid && e.item === item && !e.pass).length > members.length);
          expect(r.failedItems.map((f) => f.item)).toEqual(failing);
          expect(r.passed).toBe(failing.length === 0);
          for (const f of r.failedItems) {
            expect(f.reasons).toEqual(members.filter((m) => all.some((e) => e.member === m && e.bid === r.bid && e.item === f.item && !e.pass)).map((m) => `${m} fails ${f.item}`));
          }
        }
      }),
    );
  });

  it('does not depend on the order of the entries', () => {
    const arb = votesArb.chain(([members, votes]) => {
      const all = toEntries(members, votes);
      return fc.shuffledSubarray(all, { minLength: all.length }).map((shuffled) => [members, all, shuffled] as const);
    });
    fc.assert(fc.property(arb, ([members, all, shuffled]) => expect(decideCompliance(ITEMS, BIDS, members, shuffled)).toEqual(decideCompliance(ITEMS, BIDS, members, all))));
  });
});
