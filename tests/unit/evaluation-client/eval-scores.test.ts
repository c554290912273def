/** The scoring arithmetic the evaluation room shows while members type (client/src/evaluation/eval-scores.ts). */
import {
  basePriceFen, draftFromScores, fenToYuan, formatHundredths, liveTotals, numberToHundredths, parseHundredths, priceScore, scoreEntries, yuanToFen,
} from '../../../client/src/evaluation/eval-scores';
import { compliantBids } from '../../../client/src/evaluation/eval-view';
import { BID_A, BID_B, DECIDED, ME, sessionView } from './eval-fixtures';

describe('evaluation room scores', () => {
  it('formats hundredths with two decimals and parses typed scores', () => {
    expect(formatHundredths(9180)).toBe('91.80');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(0)).toBe('0.00');
    expect(formatHundredths(null)).toBe('—');
    expect(parseHundredths('12.5')).toBe(1250);
    expect(parseHundredths('35')).toBe(3500);
    expect(parseHundredths('1.234')).toBeNull();
    expect(parseHundredths('-1')).toBeNull();
  });

  it('turns an InputNumber value into exact hundredths (no float drift)', () => {
    expect(numberToHundredths(0.29)).toBe(29);
    expect(numberToHundredths(33.33)).toBe(3333);
    expect(numberToHundredths(1.005)).toBe(101);
    expect(numberToHundredths(null)).toBeNull();
    expect(numberToHundredths(-1)).toBeNull();
  });

  it('converts yuan and fen on strings, never through a float', () => {
    expect(yuanToFen('1234567.5')).toBe(123456750n);
    expect(yuanToFen('9999999999999.99')).toBe(999999999999999n);
    expect(yuanToFen('abc')).toBeNull();
    expect(fenToYuan(123456750)).toBe('1234567.50');
    expect(fenToYuan(5n)).toBe('0.05');
  });

  it('computes the price score from the lowest compliant price, half up', () => {
    const bids = compliantBids(sessionView({ compliance: DECIDED }));
    expect(basePriceFen(bids)).toBe(80_000_000n);
    expect(priceScore(80_000_000n, 80_000_000n, 4000)).toBe(4000);
    expect(priceScore(100_000_000n, 80_000_000n, 4000)).toBe(3200);
    // 800000 / 1250000 × 40 = 25.6; 1 / 3 × 40 = 13.333… → 13.33; 2 / 3 × 40 = 26.666… → 26.67
    expect(priceScore(125_000_000n, 80_000_000n, 4000)).toBe(2560);
    expect(priceScore(300n, 100n, 4000)).toBe(1333);
    expect(priceScore(300n, 200n, 4000)).toBe(2667);
    expect(priceScore(null, 100n, 4000)).toBeNull();
  });

  it('keeps live totals per bid: typed scores plus the computed price score', () => {
    const view = sessionView({ stage: 'scoring', compliance: DECIDED });
    const draft = { [`${BID_A}:technical`]: 3000, [`${BID_A}:service`]: 2000, [`${BID_B}:technical`]: 3150 };
    const [a, b] = liveTotals(view.criteria, compliantBids(view), draft);
    expect(a).toEqual({ bid: BID_A, price: 4000, typed: 5000, total: 9000, complete: true });
    expect(b).toEqual({ bid: BID_B, price: 3200, typed: 3150, total: 6350, complete: false });
  });

  it('sends only typed cells within [0, weight] as "12.50" strings', () => {
    const view = sessionView({ stage: 'scoring', compliance: DECIDED });
    const draft = { [`${BID_A}:technical`]: 3050, [`${BID_A}:service`]: 2600, [`${BID_B}:technical`]: null, [`${BID_B}:service`]: 0 };
    expect(scoreEntries(view.criteria, compliantBids(view), draft)).toEqual({
      entries: [
        { bid: BID_A, criterion: 'technical', score: '30.50' },
        { bid: BID_B, criterion: 'service', score: '0.00' },
      ],
      outOfRange: [`${BID_A}:service`],
    });
  });

  it('starts the draft from the member\u2019s saved scores', () => {
    expect(draftFromScores([{ member: ME, bid: BID_A, criterion: 'technical', score: '12.50' }])).toEqual({ [`${BID_A}:technical`]: 1250 });
  });
});
