/**
 * OCDS export (issue 7 point 1): time of GET /api/ocds/tenders/:id and of reading the whole feed
 * GET /api/ocds/releases (following links.next) with `tenders` published tenders on SQLite, against
 * a real server process. The feed is built on request from every public tender (nothing is stored),
 * so its cost grows with the number of tenders: this prints how fast.
 * Run: npx tsx bench/ocds.ts [tenders=200] [pageSize=100]
 */
import { api, inPool, percentile, publishedTender, startServer } from './lib';

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

async function main(): Promise<void> {
  const tenders = Number(process.argv[2] ?? 200);
  const pageSize = Number(process.argv[3] ?? 100);
  const server = await startServer();
  try {
    const ids = await inPool(Array.from({ length: tenders }, (_, i) => i), 2, async () => (await publishedTender(server.url)).tenderId);
    const one: number[] = [];
    for (let i = 0; i < 20; i++) {
      one.push((await timed(() => api(server.url, 'GET', `/api/ocds/tenders/${ids[i % ids.length]}`)))[0]);
    }
    const feed: { ms: number; pages: number; releases: number; firstPageMs: number }[] = [];
    for (let run = 0; run < 3; run++) {
      let next: string | undefined = `${server.url}/api/ocds/releases?limit=${pageSize}`;
      let pages = 0;
      let releases = 0;
      let firstPageMs = 0;
      const [ms] = await timed(async () => {
        while (next) {
          const [pageMs, page] = await timed(() => api<{ releases: unknown[]; links?: { next: string } }>(server.url, 'GET', next!.replace(/^https?:\/\/[^/]+/, '')));
          firstPageMs ||= pageMs;
          pages += 1;
          releases += page.releases.length;
          next = page.links?.next;
        }
      });
      feed.push({ ms, pages, releases, firstPageMs });
    }
    const sorted = [...one].sort((a, b) => a - b);
    console.log(`OCDS export, SQLite, ${tenders} published tenders (one release each), page size ${pageSize}`);
    console.log(`GET /api/ocds/tenders/:id: median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms (20 requests)`);
    for (const f of feed) {
      console.log(`whole feed: ${f.releases} releases in ${f.pages} pages, ${f.ms.toFixed(0)} ms (first page ${f.firstPageMs.toFixed(0)} ms)`);
    }
  } finally {
    await server.stop();
  }
}

void main();
