import { rushSchedule } from '../../../bench/rush-fire';
import { benchTable, latency, markdownTable, num, percentile, ratio } from '../../../bench/table';

describe('bench figures', () => {
  it('takes percentiles by nearest rank, so p99 of 1..100 is 100 and p50 is 51', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latency(values)).toEqual({ count: 100, p50: 51, p99: 100 });
    expect(percentile([7], 99)).toBe(7);
    expect(latency([])).toEqual({ count: 0, p50: NaN, p99: NaN });
  });

  it('states value / raw with two decimals, small ratios with two significant digits, and no ratio without a raw limit', () => {
    expect(ratio(50, 200)).toBe('0.25');
    expect(ratio(14.1, 4228)).toBe('0.0033');
    expect(ratio(1623, 10.4)).toBe('156.1');
    expect(ratio(5, 0)).toBe('—');
    expect(ratio(NaN, 3)).toBe('—');
  });

  it('formats numbers with thousands separators and a dash for what was not measured', () => {
    expect(num(24000)).toBe('24,000');
    expect(num(1.256, 1)).toBe('1.3');
    expect(num(Infinity)).toBe('—');
  });

  it('prints a Markdown table whose cells cannot break its columns', () => {
    expect(markdownTable(['a', 'b'], [['x | y', '1']])).toBe('| a | b |\n| --- | --- |\n| x \\| y | 1 |');
    expect(benchTable([{ figure: 'f', value: '1', raw: '2', ratio: '0.50' }]).split('\n')[0]).toBe('| figure | value | raw limit (same run) | ratio |');
  });
});

describe('deadline rush schedule', () => {
  it('starts half the bids evenly over the window and the other half in the rush, all before the tail', () => {
    const offsets = rushSchedule(1000, 60_000, 5000, 1000);
    expect(offsets).toHaveLength(1000);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets[0]).toBe(0);
    expect(offsets.filter((o) => o < 54_000)).toHaveLength(500);
    expect(Math.max(...offsets)).toBeLessThan(59_000);
    expect(Math.min(...offsets.slice(500))).toBe(54_000);
  });

  it('keeps every start inside a window shorter than the rush', () => {
    const offsets = rushSchedule(10, 3000, 5000, 1000);
    expect(Math.min(...offsets)).toBe(0);
    expect(Math.max(...offsets)).toBeLessThan(2000);
  });
});
