import type { TestWorld } from '../../support/test-app';

export type Sample = { name: string; labels: Record<string, string>; value: number };

/** GET /metrics through the app (supertest connects over loopback) and parses the text format. */
export async function scrape(w: TestWorld): Promise<Sample[]> {
  const res = await w.http().get('/metrics');
  if (res.status !== 200) {
    throw new Error(`scrape: ${res.status} ${res.text}`);
  }
  return parseExposition(res.text);
}

/** Samples of the Prometheus text format (version 0.0.4); comments skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] as string] = l[2] as string;
    }
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the sample with this name and these labels (others ignored); 0 when absent. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}
