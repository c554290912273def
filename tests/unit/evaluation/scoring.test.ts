/**
 * The evaluation's arithmetic (server/evaluation/scoring.ts): exact integers, half-up rounding,
 * 价格分 = 基准价/报价 × weight, deviation flags and the ranking. Example tables first, then properties.
 */
import fc from 'fast-check';
import { yuanToFen } from '../../../server/db/convert';
import {
  aggregate,
  checkScore,
  formatScore,
  isDeviating,
  meanOf,
  missingScores,
  parseScore,
  parseWeight,
  priceScore,
  rank,
  shareToBasisPoints,
  type AggregateInput,
  type ScoreEntry,
} from '../../../server/evaluation/scoring';
import type { Criterion } from '../../../server/tenders';

const CRITERIA: Criterion[] = [
  { key: 'price', name: '价格', kind: 'price', weight: '40' },
  { key: 'technical', name: '技术方案', kind: 'subjective', weight: '45' },
  { key: 'business', name: '商务', kind: 'objective', weight: '15' },
];
const MEMBERS = ['E1', 'E2', 'E3', 'E4', 'E5'];
const PRICES: Record<string, string> = {
  b01: '12345678.90', b02: '11980000.00', b03: '12800000.00', b04: '10000000.00', b05: '25600000.00', b06: '13500000.00',
  b07: '9500000.00', b08: '12500000.00', b09: '11000000.00', b10: '16000000.00', b11: '10666666.67', b12: '14285714.29',
};
// b07 failed compliance: its lower price is not the base. Columns are E1…E5.
const TECHNICAL: Record<string, string[]> = {
  b01: ['38.50', '40.00', '37.00', '39.50', '36.00'], b02: ['35.00', '36.50', '34.00', '35.50', '37.00'],
  b03: ['42.00', '41.50', '43.00', '40.00', '42.50'], b04: ['30.00', '32.00', '31.50', '29.00', '30.53'],
  b05: ['44.00', '43.50', '45.00', '44.50', '42.00'], b06: ['36.00', '35.00', '37.50', '36.50', '38.00'],
  b08: ['39.00', '38.50', '40.00', '41.00', '39.50'], b09: ['33.00', '34.50', '32.00', '33.50', '35.00'],
  b10: ['40.50', '41.00', '39.00', '42.00', '40.00'], b11: ['37.00', '36.00', '38.50', '37.50', '20.00'],
  b12: ['34.00', '35.50', '36.00', '33.00', '34.50'],
};
const BUSINESS: Record<string, string[]> = {
  b01: ['12.00', '12.00', '12.50', '12.00', '12.00'], b02: ['13.00', '12.50', '13.50', '13.00', '12.00'],
  b03: ['14.00', '14.50', '14.00', '13.50', '15.00'], b04: ['10.00', '11.00', '10.50', '10.00', '11.50'],
  b05: ['15.00', '15.00', '14.50', '15.00', '14.00'], b06: ['11.00', '11.50', '12.00', '11.00', '11.50'],
  b08: ['13.00', '13.00', '13.50', '12.50', '13.00'], b09: ['12.50', '12.00', '12.00', '13.00', '12.52'],
  b10: ['12.00', '13.00', '12.50', '12.00', '13.00'], b11: ['11.00', '11.50', '11.00', '12.00', '11.50'],
  b12: ['13.50', '13.00', '13.00', '14.00', '13.50'],
};

function tableScores(): ScoreEntry[] {
  return Object.entries({ technical: TECHNICAL, business: BUSINESS }).flatMap(([criterion, table]) =>
    Object.entries(table).flatMap(([bid, row]) => row.map((s, i) => ({ member: MEMBERS[i], bid, criterion, score: parseScore(s) }))),
  );
}

function tableInput(): AggregateInput {
  return {
    criteria: CRITERIA,
    bids: Object.entries(PRICES).map(([bid, yuan]) => ({ bid, priceFen: yuanToFen(yuan) })),
    compliant: Object.keys(TECHNICAL),
    members: MEMBERS,
    scores: tableScores(),
    deviationShareBp: shareToBasisPoints(0.2),
  };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('scores and weights are hundredths', () => {
  it('parses and formats with at most 2 decimals', () => {
    expect(parseScore('12.50')).toBe(1250);
    expect(parseScore('12.5')).toBe(1250);
    expect(parseScore('0.07')).toBe(7);
    expect(parseWeight('40')).toBe(4000);
    expect(formatScore(1250)).toBe('12.50');
    expect(formatScore(7)).toBe('0.07');
    expect(formatScore(10000)).toBe('100.00');
    for (const bad of ['12.505', '-1', '1e2', '', '.5', '12.', '1000']) {
      expect(() => parseScore(bad)).toThrow(RangeError);
    }
    expect(() => formatScore(12.5)).toThrow(RangeError);
  });

  it('refuses a typed score above the weight or with 3 decimals, and accepts 0 and the weight', () => {
    expect(checkScore('45.00', 4500)).toBeNull();
    expect(checkScore('0', 4500)).toBeNull();
    expect(checkScore('45.01', 4500)).toMatch(/within \[0, 45.00\]/);
    expect(checkScore('12.345', 4500)).toMatch(/2 decimals/);
  });

  it('turns the configured share 0.2 into 2000 basis points', () => {
    expect(shareToBasisPoints(0.2)).toBe(2000);
    expect(() => shareToBasisPoints(1.5)).toThrow(RangeError);
  });
});

describe('rounding is half up to the hundredth, on exact integers', () => {
  it('rounds a price score of exactly 15.625 up to 15.63', () => {
    expect(priceScore(yuanToFen('25600000.00'), yuanToFen('10000000.00'), 4000)).toBe(1563);
  });

  it('rounds 32.005 up to 32.01 where floating point gives 32.00', () => {
    const base = yuanToFen('9601500.00');
    const price = yuanToFen('12000000.00');
    // 9,601,500 / 12,000,000 × 40 = 32.005 exactly; the float product is 3200.4999…
    expect(Math.round((base / price) * 40 * 100)).toBe(3200);
    expect(priceScore(price, base, 4000)).toBe(3201);
  });

  it('keeps the bits below the half: 37.4999999… is 37.50, 27.9999999… is 28.00, 29.6296… is 29.63', () => {
    const base = yuanToFen('10000000.00');
    expect(priceScore(yuanToFen('10666666.67'), base, 4000)).toBe(3750);
    expect(priceScore(yuanToFen('14285714.29'), base, 4000)).toBe(2800);
    expect(priceScore(yuanToFen('13500000.00'), base, 4000)).toBe(2963);
  });

  it('rounds a mean at .005 up and below it down', () => {
    expect(meanOf([1000, 1000, 1000, 1002])).toBe(1001); // 10.005 → 10.01
    expect(meanOf([100, 101])).toBe(101); // 1.005 → 1.01; (1.00 + 1.01) / 2 in floats is 1.00499…
    expect(meanOf([1000, 1000, 1001, 1000])).toBe(1000); // 10.0025 → 10.00
    expect(meanOf([3000, 3200, 3150, 2900, 3053])).toBe(3061); // 30.606 → 30.61
    expect(meanOf([1250, 1200, 1200, 1300, 1252])).toBe(1240); // 12.404 → 12.40
  });

  it('refuses a price below the base (the base is the lowest compliant price)', () => {
    expect(() => priceScore(99, 100, 4000)).toThrow(RangeError);
    expect(() => priceScore(100, 0, 4000)).toThrow(RangeError);
  });

  it('handles a base of 10^13 yuan at weight 100 without losing a fen', () => {
    const base = yuanToFen('9999999999999.99');
    expect(priceScore(base, base, 10000)).toBe(10000);
    expect(priceScore(base, base - 1, 10000)).toBe(10000);
  });
});

describe('a committee of 5 scores 11 compliant bids of 12 (weights 40/45/15)', () => {
  const { baseFen, results, flags } = aggregate(tableInput());
  const byBid = new Map(results.map((r) => [r.bid, r]));
  const means = (bid: string): number[] => byBid.get(bid)?.criteria.map((c) => c.mean) ?? [];

  it('takes the lowest compliant price as the base and leaves the non-compliant bid out', () => {
    expect(baseFen).toBe(yuanToFen('10000000.00'));
    expect(results.map((r) => r.bid)).toEqual(Object.keys(TECHNICAL));
    expect(byBid.has('b07')).toBe(false);
  });

  it('computes price, means and totals in hundredths', () => {
    expect(means('b04')).toEqual([4000, 3061, 1060]);
    expect(means('b05')).toEqual([1563, 4380, 1470]);
    expect(means('b09')).toEqual([3636, 3360, 1240]);
    expect(byBid.get('b03')).toMatchObject({ total: 8725, subjectiveTotal: 4180, priceFen: 1280000000 });
    expect(results.map((r) => formatScore(r.total))).toEqual(['82.70', '81.79', '87.25', '81.21', '74.13', '77.63', '84.60', '82.36', '78.00', '82.70', '76.00']);
  });

  it('flags the one score further than 0.2 × 45 = 9.00 from its mean', () => {
    expect(flags).toEqual([{ member: 'E5', bid: 'b11', criterion: 'technical', score: 2000, mean: 3380 }]);
  });

  it('ranks by total, a tie at 82.70 going to the lower price, and names the first three', () => {
    const { ranking, candidates } = rank('comprehensive', results);
    expect(ranking.map((r) => r.bid)).toEqual(['b03', 'b08', 'b11', 'b01', 'b09', 'b02', 'b04', 'b10', 'b06', 'b12', 'b05']);
    expect(candidates).toEqual([
      { rank: 1, bid: 'b03', priceFen: 1280000000, total: 8725 },
      { rank: 2, bid: 'b08', priceFen: 1250000000, total: 8460 },
      { rank: 3, bid: 'b11', priceFen: 1066666667, total: 8270 },
    ]);
  });

  it('ranks the same bids by price alone under lowest_price', () => {
    const bids = tableInput().bids.filter((b) => b.bid !== 'b07');
    expect(rank('lowest_price', bids).candidates).toEqual([
      { rank: 1, bid: 'b04', priceFen: 1000000000, total: null },
      { rank: 2, bid: 'b11', priceFen: 1066666667, total: null },
      { rank: 3, bid: 'b09', priceFen: 1100000000, total: null },
    ]);
  });
});

describe('ties, flags at the threshold and refused input', () => {
  const results = (rows: [string, number, number, number][]) => rows.map(([bid, priceFen, total, subjectiveTotal]) => ({ bid, priceFen, total, subjectiveTotal, criteria: [] }));

  it('breaks an equal total and price by the higher subjective sum, then by bid id', () => {
    const r = rank('comprehensive', results([['d', 500, 8000, 3000], ['c', 500, 8000, 3100], ['b', 400, 8000, 2000], ['a', 500, 8000, 3000]]));
    expect(r.ranking.map((x) => [x.rank, x.bid])).toEqual([[1, 'b'], [2, 'c'], [3, 'a'], [4, 'd']]);
  });

  it('flags a deviation only when it is strictly above share × weight', () => {
    expect(isDeviating(4900, 4000, 4500, 2000)).toBe(false); // 9.00 = 0.2 × 45
    expect(isDeviating(4901, 4000, 4500, 2000)).toBe(true);
    expect(isDeviating(3099, 4000, 4500, 2000)).toBe(true);
  });

  it('lists every missing score (409) and refuses a score on the price or above the weight (400)', () => {
    const input = tableInput();
    const partial = { ...input, scores: input.scores.filter((s) => !(s.member === 'E3' && s.bid === 'b02')) };
    expect(caught(() => aggregate(partial))).toMatchObject({
      status: 409,
      code: 'EVALUATION_STAGE',
      fields: [
        { path: 'scores', message: 'member E3 has not scored bid b02 on technical' },
        { path: 'scores', message: 'member E3 has not scored bid b02 on business' },
      ],
    });
    const extra = [{ member: 'E1', bid: 'b01', criterion: 'technical', score: 4501 }, { member: 'E1', bid: 'b01', criterion: 'price', score: 100 }];
    const bad = { ...input, scores: [...input.scores.slice(1), ...extra] };
    const at = bad.scores.length - 2;
    expect(caught(() => aggregate(bad))).toMatchObject({ status: 400, code: 'VALIDATION', fields: [{ path: `scores.${at}.score` }, { path: `scores.${at + 1}.criterion` }] });
    const onFailed = { ...input, scores: [...input.scores, { member: 'E1', bid: 'b07', criterion: 'technical', score: 100 }] };
    expect(caught(() => aggregate(onFailed))).toMatchObject({ status: 400, fields: [{ message: 'bid b07 is not compliant' }] });
  });

  it('refuses criteria whose weights do not sum to 100', () => {
    const criteria = CRITERIA.map((c) => (c.kind === 'price' ? { ...c, weight: '39.99' } : c));
    expect(caught(() => aggregate({ ...tableInput(), criteria }))).toMatchObject({ status: 400, fields: [{ path: 'criteria', message: 'weights must sum to 100 (now 99.99)' }] });
  });

  it('lists what one member still has to score', () => {
    const mine = tableScores().filter((s) => s.member === 'E2' && !(s.bid === 'b12' && s.criterion === 'business'));
    expect(missingScores(CRITERIA, Object.keys(TECHNICAL), mine)).toEqual([{ bid: 'b12', criterion: 'business' }]);
  });
});

// ---- properties --------------------------------------------------------------------------------

/** Weights in hundredths, each ≥ 0.01, summing to 100.00: the price weight first, then 1–5 scored criteria. */
const weightsArb = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: n, maxLength: n }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10000];
    return points.slice(1).map((p, i) => p - points[i]);
  }),
);
// A few shared prices so that equal prices and equal totals occur.
const priceArb = fc.oneof(fc.integer({ min: 1, max: 1_000_000_000_000_000 }), fc.constantFrom(1_000_000_000, 1_200_000_000));

const worldArb = fc
  .record({
    weights: weightsArb,
    kinds: fc.array(fc.constantFrom('subjective' as const, 'objective' as const), { minLength: 5, maxLength: 5 }),
    prices: fc.array(priceArb, { minLength: 1, maxLength: 12 }),
    memberCount: fc.integer({ min: 1, max: 9 }),
    deviationShareBp: fc.integer({ min: 0, max: 10000 }),
  })
  .chain(({ weights, kinds, prices, memberCount, deviationShareBp }) => {
    const criteria: Criterion[] = weights.map((w, i) => ({ key: i === 0 ? 'price' : `c${i}`, name: `c${i}`, kind: i === 0 ? 'price' : kinds[i - 1], weight: formatScore(w) }));
    const bids = prices.map((priceFen, i) => ({ bid: `bid${String(i).padStart(2, '0')}`, priceFen }));
    const members = Array.from({ length: memberCount }, (_, i) => `m${i}`);
    return fc.subarray(bids.map((b) => b.bid), { minLength: 1 }).chain((compliant) => {
      const cells = compliant.flatMap((bid) => criteria.slice(1).flatMap((c) => members.map((member) => ({ member, bid, criterion: c.key, weight: parseWeight(c.weight) }))));
      const scoreArbs = cells.map(({ weight, ...cell }) =>
        fc.oneof(fc.integer({ min: 0, max: weight }), fc.constantFrom(0, weight)).map((score): ScoreEntry => ({ ...cell, score })),
      );
      return fc.tuple(...scoreArbs).map((scores): AggregateInput => ({ criteria, bids, compliant, members, scores, deviationShareBp }));
    });
  });

describe('properties of the price score', () => {
  it('gives the lowest price exactly the weight', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e15 }), fc.integer({ min: 0, max: 10000 }), (base, w) => priceScore(base, base, w) === w));
  });

  it('never gives a higher price more', () => {
    const prices = fc.tuple(fc.integer({ min: 1, max: 1e15 }), fc.integer({ min: 1, max: 1e15 }), fc.integer({ min: 1, max: 1e15 })).map((p) => p.sort((a, b) => a - b));
    fc.assert(fc.property(prices, fc.integer({ min: 0, max: 10000 }), ([base, p1, p2], w) => priceScore(p1, base, w) >= priceScore(p2, base, w)));
  });

  it('is base × weight / price rounded half up: 2·s·p − p ≤ 2·b·w < 2·s·p + p', () => {
    const arb = fc.tuple(fc.integer({ min: 1, max: 1e15 }), fc.integer({ min: 1, max: 1e15 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 10000 }), ([base, price], w) => {
        const [s, p, twice] = [BigInt(priceScore(price, base, w)), BigInt(price), 2n * BigInt(base) * BigInt(w)];
        return 2n * s * p - p <= twice && twice < 2n * s * p + p;
      }),
    );
  });
});

describe('properties of the aggregate and the ranking', () => {
  it('keeps every mean within [0, weight] and between the lowest and highest member score; totals within [0, 100]', () => {
    fc.assert(
      fc.property(worldArb, (input) => {
        for (const r of aggregate(input).results) {
          expect(r.total).toBe(r.criteria.reduce((a, c) => a + c.mean, 0));
          expect(r.total).toBeGreaterThanOrEqual(0);
          expect(r.total).toBeLessThanOrEqual(10000);
          for (const c of r.criteria) {
            expect(c.mean).toBeGreaterThanOrEqual(0);
            expect(c.mean).toBeLessThanOrEqual(c.weight);
            const own = input.scores.filter((s) => s.bid === r.bid && s.criterion === c.criterion).map((s) => s.score);
            if (c.kind !== 'price') {
              expect(c.mean).toBeGreaterThanOrEqual(Math.min(...own));
              expect(c.mean).toBeLessThanOrEqual(Math.max(...own));
            }
          }
        }
      }),
    );
  });

  it('gives the lowest compliant price the full price weight', () => {
    fc.assert(
      fc.property(worldArb, (input) => {
        const { baseFen, results } = aggregate(input);
        const lowest = results.filter((r) => r.priceFen === baseFen);
        expect(lowest.length).toBeGreaterThan(0);
        for (const r of lowest) {
          expect(r.criteria[0].mean).toBe(parseWeight(input.criteria[0].weight));
        }
      }),
    );
  });

  it('does not depend on the order of the members or of the score entries', () => {
    const arb = worldArb.chain((input) =>
      fc
        .tuple(fc.shuffledSubarray([...input.members], { minLength: input.members.length }), fc.shuffledSubarray([...input.scores], { minLength: input.scores.length }))
        .map(([members, scores]) => [input, { ...input, members, scores }]),
    );
    fc.assert(fc.property(arb, ([input, shuffled]) => expect(aggregate(shuffled)).toEqual(aggregate(input))));
  });

  it('flags exactly the scores further than share × weight from their mean', () => {
    fc.assert(
      fc.property(worldArb, (input) => {
        const { results, flags } = aggregate(input);
        const mean = new Map(results.flatMap((r) => r.criteria.map((c) => [`${r.bid}/${c.criterion}`, c] as const)));
        const expected = input.scores.filter((s) => {
          const c = mean.get(`${s.bid}/${s.criterion}`);
          // share × weight in hundredths is bp × weight / 10000; compare |score − mean| against it exactly.
          return c !== undefined && BigInt(Math.abs(s.score - c.mean)) * 10000n > BigInt(input.deviationShareBp) * BigInt(c.weight);
        });
        const key = (f: { member: string; bid: string; criterion: string; score: number }): string => `${f.member}/${f.bid}/${f.criterion}/${f.score}`;
        expect(flags.map(key).sort()).toEqual(expected.map(key).sort());
        for (const f of flags) {
          expect(f.mean).toBe(mean.get(`${f.bid}/${f.criterion}`)?.mean);
        }
      }),
    );
  });

  it('ranks a permutation of the compliant bids: totals non-increasing, equal totals by price, candidates first three', () => {
    fc.assert(
      fc.property(worldArb, (input) => {
        const { ranking, candidates } = rank('comprehensive', aggregate(input).results);
        expect(ranking.map((r) => r.bid).sort()).toEqual([...input.compliant].sort());
        expect(ranking.map((r) => r.rank)).toEqual(ranking.map((_, i) => i + 1));
        ranking.slice(1).forEach((r, i) => {
          const prev = ranking[i];
          expect(r.total ?? 0).toBeLessThanOrEqual(prev.total ?? 0);
          if (r.total === prev.total) {
            expect(r.priceFen).toBeGreaterThanOrEqual(prev.priceFen);
          }
        });
        expect(candidates).toEqual(ranking.slice(0, Math.min(3, input.compliant.length)));
      }),
    );
  });

  it('ranks lowest_price by price, then bid id', () => {
    fc.assert(
      fc.property(worldArb, (input) => {
        const bids = input.bids.filter((b) => input.compliant.includes(b.bid));
        const { ranking, candidates } = rank('lowest_price', bids);
        expect(ranking.map((r) => r.bid).sort()).toEqual([...input.compliant].sort());
        ranking.slice(1).forEach((r, i) => {
          const prev = ranking[i];
          expect(r.priceFen > prev.priceFen || (r.priceFen === prev.priceFen && r.bid > prev.bid)).toBe(true);
        });
        expect(candidates).toEqual(ranking.slice(0, Math.min(3, bids.length)));
      }),
    );
  });
});
