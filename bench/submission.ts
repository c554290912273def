/**
 * Submission throughput (issue 3): 1, 10 and 100 concurrent 5 MB sealed bids to a real server
 * process (SQLite, or DATABASE_URL), and the server's peak RSS while it receives one 500 MB bid.
 * Run: npx tsx bench/submission.ts [--big-mb 500]
 */
import http from 'node:http';
import { bidders, peakRssMB, percentile, publishedTender, putBid, sealFor, startServer, type BenchBidder } from './lib';

const bigArg = process.argv.indexOf('--big-mb');
const bigMb = bigArg > 0 ? Number(process.argv[bigArg + 1]) : 500;

const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });

async function main(): Promise<void> {
  const server = await startServer({ MAX_BID_BYTES: String((bigMb + 64) * 1024 * 1024) });
  try {
    const { tenderId, openingCertPem } = await publishedTender(server.url);
    const all = await bidders(server.url, tenderId, 100);
    const bodies = all.map((b) => sealFor(tenderId, b, openingCertPem, 5 * 1024 * 1024));
    console.log('| concurrent 5 MB bids | total s | MB/s | p50 ms | p99 ms |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const n of [1, 10, 100]) {
      const rounds = n === 1 ? 10 : 1;
      const latencies: number[] = [];
      const t = performance.now();
      for (let r = 0; r < rounds; r += 1) {
        latencies.push(...(await Promise.all(all.slice(0, n).map((b, i) => putBid(server.url, tenderId, b.token, bodies[i] as Buffer, agent)))));
      }
      const seconds = (performance.now() - t) / 1000;
      const mbTotal = (bodies[0] as Buffer).length * n * rounds / 1e6;
      latencies.sort((a, b) => a - b);
      console.log(`| ${n}${rounds > 1 ? ` (×${rounds} in a row)` : ''} | ${seconds.toFixed(2)} | ${(mbTotal / seconds).toFixed(0)} | ${percentile(latencies, 50).toFixed(0)} | ${percentile(latencies, 99).toFixed(0)} |`);
    }
    const before = peakRssMB(server.pid);
    const big = sealFor(tenderId, all[0] as BenchBidder, openingCertPem, bigMb * 1024 * 1024);
    // A fresh connection: sealing took longer than the server's keep-alive timeout.
    const ms = await putBid(server.url, tenderId, (all[0] as BenchBidder).token, big);
    console.log(`\none ${(big.length / 1e6).toFixed(0)} MB bid: ${(ms / 1000).toFixed(1)} s; server peak RSS ${before.toFixed(0)} MB before the big bid, ${peakRssMB(server.pid).toFixed(0)} MB after (VmHWM)`);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
