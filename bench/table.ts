/** Formatting of bench figures: latency summaries, ratios against the raw limit, Markdown tables. */

/** The value at or just above the p-th percentile of sorted values (nearest rank); NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** p50 and p99 of a list of latencies (ms), and how many there were. */
export type Latency = { count: number; p50: number; p99: number };

/** p50/p99 of unsorted latencies; NaN when there are none. */
export function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** A number with thousands separators and `digits` decimals; '—' for NaN or infinity. */
export function num(n: number, digits = 0): string {
  if (!Number.isFinite(n)) {
    return '—';
  }
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** value / raw with two decimals: below 1 the platform reaches that share of the raw limit (throughput) or is faster (latency). */
export function ratio(value: number, raw: number): string {
  if (!(raw > 0) || !Number.isFinite(value) || !Number.isFinite(raw)) {
    return '—';
  }
  const r = value / raw;
  if (r === 0 || r >= 0.1) {
    return r >= 10 ? r.toFixed(1) : r.toFixed(2);
  }
  return r.toPrecision(2);
}

/** One row of the bench table: the figure, its value, the raw limit measured in the same run, value / raw. */
export type BenchRow = { figure: string; value: string; raw: string; ratio: string };

/** A Markdown table; pipes inside cells are escaped. */
export function markdownTable(head: string[], rows: string[][]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The bench table of bench/run.ts. */
export function benchTable(rows: BenchRow[]): string {
  return markdownTable(['figure', 'value', 'raw limit (same run)', 'ratio'], rows.map((r) => [r.figure, r.value, r.raw, r.ratio]));
}
