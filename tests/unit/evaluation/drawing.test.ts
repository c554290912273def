import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { checkCommitteeSize, minimumCommitteeSize } from '../../../server/evaluation/committee-policy';
import { drawCommittee, drawKey, drawOrder, type DrawExpert, type DrawInput } from '../../../server/evaluation/drawing';
import { HttpError } from '../../../server/http/errors';
import { ruleSet } from '../../../server/tenders/rules';

const SEED = 'a1'.repeat(32);
const ROADS = '市政道路';
const BRIDGES = '桥梁';

const expert = (userId: string, over: Partial<DrawExpert> = {}): DrawExpert => ({ userId, creditCode: `ORG-${userId}`, specialties: [ROADS], available: true, ...over });
const pool = (n: number): DrawExpert[] => Array.from({ length: n }, (_, i) => expert(`E${String(i).padStart(2, '0')}`));
const input = (over: Partial<DrawInput> = {}): DrawInput => ({ seed: SEED, experts: pool(10), specialties: [ROADS], conflicts: [], size: 5, reserves: 2, ...over });

function unavailable(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected COMMITTEE_UNAVAILABLE');
}

describe('the keyed shuffle', () => {
  it('orders by HMAC-SHA256 keyed with the seed bytes over the user id, as the audit entry describes', () => {
    const ids = pool(8).map((e) => e.userId);
    const byHand = [...ids].sort((a, b) => {
      const ka = createHmac('sha256', Buffer.from(SEED, 'hex')).update(a).digest('hex');
      const kb = createHmac('sha256', Buffer.from(SEED, 'hex')).update(b).digest('hex');
      return ka < kb ? -1 : 1;
    });
    expect(drawOrder(SEED, ids)).toEqual(byHand);
    expect(drawKey(SEED, 'E00')).toBe(createHmac('sha256', Buffer.from(SEED, 'hex')).update('E00').digest('hex'));
  });

  it('depends on the seed and the set of ids only, not on their order', () => {
    const ids = pool(12).map((e) => e.userId);
    expect(drawOrder(SEED, [...ids].reverse())).toEqual(drawOrder(SEED, ids));
    expect(drawOrder('b2'.repeat(32), ids)).not.toEqual(drawOrder(SEED, ids));
  });

  it('refuses a seed that is not hex', () => {
    expect(() => drawKey('not hex', 'E00')).toThrow(RangeError);
    expect(() => drawKey('abc', 'E00')).toThrow(RangeError);
  });
});

describe('drawing a committee', () => {
  it('seats the first `size` of the shuffle as members and the next ones as reserves', () => {
    const draw = drawCommittee(input());
    const order = drawOrder(SEED, pool(10).map((e) => e.userId));
    expect(draw.members).toEqual(order.slice(0, 5));
    expect(draw.reserves).toEqual(order.slice(5, 7));
    expect(draw.candidates).toEqual(pool(10).map((e) => e.userId));
    expect(draw.exclusions).toEqual([]);
  });

  it('considers only available experts having one of the requested specialties, and does not list the others as exclusions', () => {
    const experts = [
      ...pool(5),
      expert('X-away', { available: false }),
      expert('X-bridges', { specialties: [BRIDGES] }),
      expert('X-both', { specialties: [BRIDGES, ROADS] }),
    ];
    const draw = drawCommittee(input({ experts, reserves: 0 }));
    expect(draw.candidates).toEqual(['E00', 'E01', 'E02', 'E03', 'E04', 'X-both']);
    expect(draw.exclusions).toEqual([]);
    const both = drawCommittee(input({ experts, specialties: [BRIDGES, ROADS], size: 7, reserves: 0 }));
    expect(both.members.sort()).toEqual(['E00', 'E01', 'E02', 'E03', 'E04', 'X-both', 'X-bridges']);
  });

  it('excludes the experts of conflicting organizations (回避) with every reason, and never draws them', () => {
    const experts = [...pool(6), expert('C1', { creditCode: 'BIDDER' }), expert('C2', { creditCode: 'AGENCY' })];
    const conflicts = [
      { creditCode: 'BIDDER', reason: '回避: 甲公司 registered as a bidder' },
      { creditCode: 'AGENCY', reason: '回避: 代理公司 is the agency' },
      { creditCode: 'AGENCY', reason: '回避: 代理公司 registered as a bidder' },
      { creditCode: 'AGENCY', reason: '回避: 代理公司 is the agency' },
    ];
    const draw = drawCommittee(input({ experts, conflicts, size: 5, reserves: 5 }));
    expect(draw.exclusions).toEqual([
      { userId: 'C1', reason: '回避: 甲公司 registered as a bidder' },
      { userId: 'C2', reason: '回避: 代理公司 is the agency; 回避: 代理公司 registered as a bidder' },
    ]);
    expect([...draw.members, ...draw.reserves].sort()).toEqual(pool(6).map((e) => e.userId));
    expect(draw.reserves).toHaveLength(1);
  });

  it('answers 409 COMMITTEE_UNAVAILABLE when fewer eligible experts than seats remain, reserves being best effort', () => {
    const err = unavailable(() => drawCommittee(input({ experts: [...pool(4), expert('C', { creditCode: 'BIDDER' })], conflicts: [{ creditCode: 'BIDDER', reason: 'x' }] })));
    expect([err.status, err.code]).toEqual([409, 'COMMITTEE_UNAVAILABLE']);
    expect(err.message).toContain('Only 4 eligible experts for a committee of 5 (1 excluded');
    const exact = drawCommittee(input({ experts: pool(5), reserves: 2 }));
    expect(exact.members).toHaveLength(5);
    expect(exact.reserves).toEqual([]);
  });

  it('counts an expert listed twice once (the first entry)', () => {
    const experts = [...pool(4), expert('E00', { available: false }), expert('E99', { available: false }), expert('E99')];
    expect(unavailable(() => drawCommittee(input({ experts }))).code).toBe('COMMITTEE_UNAVAILABLE');
    expect(drawCommittee(input({ experts: [...pool(5), ...pool(5)], reserves: 3 })).reserves).toEqual([]);
  });
});

describe('properties of the draw (fast-check)', () => {
  const ORGS = ['ORG-A', 'ORG-B', 'ORG-C', 'ORG-D'];
  const SPECIALTIES = ['s1', 's2', 's3', 's4'];
  const expertArb = fc.record({
    userId: fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `U${i}`)),
    creditCode: fc.option(fc.constantFrom(...ORGS), { nil: null }),
    specialties: fc.subarray(SPECIALTIES),
    available: fc.boolean(),
  });
  const inputArb = fc.record({
    seed: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
    // Unique ids: a repeated id is covered above, and here any order of the pool must give the same draw.
    experts: fc.uniqueArray(expertArb, { selector: (e) => e.userId, maxLength: 30 }),
    specialties: fc.subarray(SPECIALTIES, { minLength: 1 }),
    conflicts: fc.subarray(ORGS).map((codes) => codes.map((creditCode) => ({ creditCode, reason: `回避: ${creditCode}` }))),
    size: fc.integer({ min: 1, max: 9 }),
    reserves: fc.integer({ min: 0, max: 4 }),
  });

  /** The eligible pool, computed independently of the implementation. */
  function eligibleOf(i: DrawInput): Set<string> {
    const first = new Map<string, DrawExpert>();
    i.experts.forEach((e) => first.has(e.userId) || first.set(e.userId, e));
    const conflicting = new Set(i.conflicts.map((c) => c.creditCode));
    return new Set(
      [...first.values()]
        .filter((e) => e.available && e.specialties.some((s) => i.specialties.includes(s)) && !(e.creditCode && conflicting.has(e.creditCode)))
        .map((e) => e.userId),
    );
  }

  it('fills exactly `size` distinct seats from the eligible pool, never an excluded, unavailable or unqualified expert — or answers COMMITTEE_UNAVAILABLE', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const eligible = eligibleOf(i);
        if (eligible.size < i.size) {
          expect(unavailable(() => drawCommittee(i)).code).toBe('COMMITTEE_UNAVAILABLE');
          return;
        }
        const draw = drawCommittee(i);
        const seated = [...draw.members, ...draw.reserves];
        expect(draw.members).toHaveLength(i.size);
        expect(draw.reserves).toHaveLength(Math.min(i.reserves, eligible.size - i.size));
        expect(new Set(seated).size).toBe(seated.length);
        expect(seated.every((id) => eligible.has(id))).toBe(true);
        expect(draw.candidates).toEqual([...eligible].sort());
        const excluded = new Set(draw.exclusions.map((x) => x.userId));
        expect(seated.some((id) => excluded.has(id))).toBe(false);
        for (const id of draw.members) {
          const e = i.experts.find((x) => x.userId === id) as DrawExpert;
          expect(e.available && e.specialties.some((s) => i.specialties.includes(s))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: the same seed and pool in any order give the same committee, and the audited candidates alone repeat it', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (i, salt) => {
        fc.pre(eligibleOf(i).size >= i.size);
        const draw = drawCommittee(i);
        const shuffled = [...i.experts].map((e, k) => ({ e, k: (k * 7919 + salt) % 101 })).sort((a, b) => a.k - b.k).map((x) => x.e);
        expect(drawCommittee({ ...i, experts: shuffled })).toEqual(draw);
        expect(drawCommittee(i)).toEqual(draw);
        const rerun = drawCommittee({
          seed: i.seed,
          experts: draw.candidates.map((userId) => ({ userId, creditCode: null, specialties: i.specialties, available: true })),
          specialties: i.specialties,
          conflicts: [],
          size: i.size,
          reserves: i.reserves,
        });
        expect([rerun.members, rerun.reserves]).toEqual([draw.members, draw.reserves]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('committee sizes per rule set', () => {
  const cn = ruleSet('cn-law');
  const sandbox = ruleSet('sandbox');
  const works = { category: 'construction' as const, budgetFen: 5_000_000_000 };

  it('cn-law: five or more, odd (招标投标法 art. 37)', () => {
    expect(minimumCommitteeSize(cn, works)).toBe(5);
    expect(checkCommitteeSize(cn, works, 5)).toBeNull();
    expect(checkCommitteeSize(cn, works, 9)).toBeNull();
    expect(checkCommitteeSize(cn, works, 3)).toMatch(/at least 5/);
    expect(checkCommitteeSize(cn, works, 6)).toMatch(/odd/);
  });

  it('cn-law: seven or more for goods and services with a budget of 10,000,000.00 yuan or more (87号令 art. 47)', () => {
    for (const category of ['goods', 'services'] as const) {
      expect(minimumCommitteeSize(cn, { category, budgetFen: 1_000_000_000 })).toBe(7);
      expect(minimumCommitteeSize(cn, { category, budgetFen: 999_999_999 })).toBe(5);
      expect(checkCommitteeSize(cn, { category, budgetFen: 1_000_000_000 }, 5)).toMatch(/at least 7/);
      expect(checkCommitteeSize(cn, { category, budgetFen: 1_000_000_000 }, 7)).toBeNull();
    }
  });

  it('sandbox: three or more, odd, whatever the budget', () => {
    expect(checkCommitteeSize(sandbox, { category: 'goods', budgetFen: 9_000_000_000 }, 3)).toBeNull();
    expect(checkCommitteeSize(sandbox, works, 1)).toMatch(/at least 3/);
    expect(checkCommitteeSize(sandbox, works, 4)).toMatch(/odd/);
  });
});
