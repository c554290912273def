/**
 * Operations figures: the cost of one HTTP observation in the metrics registry, /metrics scrape
 * time and size, and /api/health round trips (SQLite, in-process server over loopback).
 *   npx tsx bench/ops.ts [requests=2000]
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createContext } from '../server/context';
import { migrateLatest } from '../server/db/migrate';
import { createLogger } from '../server/logger';
import { createMetrics } from '../server/metrics';

const requests = Number(process.argv[2] ?? 2000);
const ROUTES = Array.from({ length: 40 }, (_, i) => `/api/route-${i}/:tenderId`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function observationCost(): Promise<void> {
  const metrics = createMetrics();
  const n = 200_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    metrics.observeHttp({ method: 'GET', route: ROUTES[i % ROUTES.length] as string, status: i % 7 === 0 ? 404 : 200, seconds: (i % 100) / 1000 });
  }
  const us = ((performance.now() - started) * 1000) / n;
  const scrapeStarted = performance.now();
  const text = await metrics.render();
  console.log(`observeHttp: ${us.toFixed(2)} µs per request (${n} observations over ${ROUTES.length} routes × 2 statuses)`);
  console.log(`render with ${ROUTES.length} routes: ${(performance.now() - scrapeStarted).toFixed(1)} ms, ${(text.length / 1024).toFixed(0)} KiB, ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} samples`);
}

async function overHttp(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-bench-ops-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_ACCOUNTS: 'off', PLATFORM_KEY_BITS: '2048', TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
  const ctx = createContext(config, { log: createLogger('silent') });
  await migrateLatest(ctx.db);
  const server = http.createServer(createApp(ctx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/health`);
      await res.arrayBuffer();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`GET /api/health x${requests} (SQLite, loopback): p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
    const scrapes: number[] = [];
    let size = 0;
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      size = (await (await fetch(`${base}/metrics`)).text()).length;
      scrapes.push(performance.now() - t);
    }
    scrapes.sort((a, b) => a - b);
    console.log(`GET /metrics x50: p50 ${percentile(scrapes, 50).toFixed(2)} ms, ${(size / 1024).toFixed(1)} KiB`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ctx.db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void (async () => {
  await observationCost();
  await overHttp();
})();
