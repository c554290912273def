import { checkAmendment, checkCriteria, checkPublication, earliestDeadlineAfterAmendment, publicityEnd, ruleSet } from '../../../server/tenders/rules';

const DAY = 24 * 3600 * 1000;
const now = Date.parse('2026-12-01T02:00:00.000Z');
const criteria = [
  { key: 'price', name: '价格', kind: 'price' as const, weight: '40' },
  { key: 'technical', name: '技术', kind: 'subjective' as const, weight: '60' },
];
const base = {
  procurementMethod: 'open' as const,
  category: 'construction' as const,
  evaluationMethod: 'comprehensive' as const,
  criteria,
  openingItems: ['price', 'durationDays'],
};

describe('cn-law publication periods', () => {
  const rules = ruleSet('cn-law');

  it('accepts a bid deadline exactly 20 days after publication and refuses one 1 ms earlier (open tendering)', () => {
    const ok = { ...base, registrationDeadline: now + 5 * DAY, bidDeadline: now + 20 * DAY };
    expect(checkPublication(rules, ok, now)).toEqual([]);
    expect(checkPublication(rules, { ...ok, bidDeadline: now + 20 * DAY - 1 }, now).map((v) => v.path)).toEqual(['bidDeadline']);
  });

  it('requires documents available for at least 5 days', () => {
    const v = checkPublication(rules, { ...base, registrationDeadline: now + 5 * DAY - 1, bidDeadline: now + 30 * DAY }, now);
    expect(v.map((x) => x.path)).toEqual(['registrationDeadline']);
  });

  it('allows 3 days for competitive negotiation and inquiry', () => {
    for (const procurementMethod of ['competitive_negotiation', 'inquiry'] as const) {
      const t = { ...base, procurementMethod, registrationDeadline: now + 3 * DAY, bidDeadline: now + 3 * DAY };
      // documents still need 5 days of availability: registration deadline 3 days is refused
      expect(checkPublication(rules, t, now).map((v) => v.path)).toEqual(['registrationDeadline']);
      expect(checkPublication(rules, { ...t, registrationDeadline: now + 5 * DAY, bidDeadline: now + 5 * DAY }, now)).toEqual([]);
    }
  });

  it('refuses a registration deadline after the bid deadline', () => {
    const v = checkPublication(rules, { ...base, registrationDeadline: now + 25 * DAY, bidDeadline: now + 20 * DAY }, now);
    expect(v).toEqual([expect.objectContaining({ path: 'registrationDeadline', message: expect.stringContaining('after bidDeadline') })]);
  });

  it('needs price among the opening items', () => {
    const v = checkPublication(rules, { ...base, openingItems: ['durationDays'], registrationDeadline: now + 5 * DAY, bidDeadline: now + 20 * DAY }, now);
    expect(v.map((x) => x.path)).toEqual(['openingItems']);
  });

  it('requires amendments that may affect bids at least 15 days before the deadline', () => {
    expect(checkAmendment(rules, 'open', now + 15 * DAY, now)).toBeNull();
    expect(checkAmendment(rules, 'open', now + 15 * DAY - 1, now)).toEqual(expect.objectContaining({ path: 'bidDeadline' }));
    expect(earliestDeadlineAfterAmendment(rules, 'open', now)).toBe(now + 15 * DAY);
    expect(checkAmendment(rules, 'inquiry', now + 3 * DAY, now)).toBeNull();
  });

  it('keeps candidate publicity at least 3 days', () => {
    expect(publicityEnd(rules, now)).toBe(now + 3 * DAY);
  });
});

describe('sandbox counts every legal day as one second', () => {
  const rules = ruleSet('sandbox');

  it('lets a tender open 20 seconds after publication, not 1 ms sooner', () => {
    const t = { ...base, registrationDeadline: now + 5000, bidDeadline: now + 20_000 };
    expect(checkPublication(rules, t, now)).toEqual([]);
    expect(checkPublication(rules, { ...t, bidDeadline: now + 19_999 }, now)).toHaveLength(1);
    expect(publicityEnd(rules, now)).toBe(now + 3000);
  });
});

describe('criteria', () => {
  it('needs exactly one price criterion and weights summing to 100 for comprehensive scoring', () => {
    expect(checkCriteria({ ...base })).toEqual([]);
    expect(checkCriteria({ ...base, criteria: [criteria[1] as (typeof criteria)[number]] }).map((v) => v.message)).toEqual([
      'comprehensive scoring needs exactly one price criterion',
      'weights must sum to 100 (now 60)',
    ]);
  });

  it('sums decimal weights exactly (33.33 + 33.33 + 33.34 = 100)', () => {
    const c = [
      { key: 'price', name: '价格', kind: 'price' as const, weight: '33.33' },
      { key: 'a', name: 'A', kind: 'subjective' as const, weight: '33.33' },
      { key: 'b', name: 'B', kind: 'subjective' as const, weight: '33.34' },
    ];
    expect(checkCriteria({ ...base, criteria: c })).toEqual([]);
  });

  it('holds goods to a price weight of at least 30 and services to at least 10 (政府采购)', () => {
    const c = (w: string) => [
      { key: 'price', name: '价格', kind: 'price' as const, weight: w },
      { key: 't', name: '技术', kind: 'subjective' as const, weight: String(100 - Number(w)) },
    ];
    expect(checkCriteria({ ...base, category: 'goods', criteria: c('30') })).toEqual([]);
    expect(checkCriteria({ ...base, category: 'goods', criteria: c('29') })).toHaveLength(1);
    expect(checkCriteria({ ...base, category: 'services', criteria: c('10') })).toEqual([]);
    expect(checkCriteria({ ...base, category: 'services', criteria: c('9') })).toHaveLength(1);
  });

  it('refuses duplicate criterion keys; lowest-price tenders need no weights', () => {
    expect(checkCriteria({ ...base, evaluationMethod: 'lowest_price', criteria: [criteria[0]!, criteria[0]!] })).toEqual([
      expect.objectContaining({ path: 'criteria.1.key' }),
    ]);
    expect(checkCriteria({ ...base, evaluationMethod: 'lowest_price', criteria: [] })).toEqual([]);
  });
});
