/// <reference lib="dom" />
/**
 * The API docs page (/api/docs) in a real browser: Swagger UI loads from the server's own assets,
 * reads /api/openapi.json and lists the operations, with nothing failing on the way. It needs no
 * web client build: the app serves the page itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createApp } from '../../server/app';
import { SHOTS, browserSuite, launchChromium } from '../support/browser';
import { createTestWorld, type TestWorld } from '../support/test-app';

jest.setTimeout(120_000);

browserSuite('API docs page', () => {
  let world: TestWorld;
  let server: http.Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    world = await createTestWorld('sqlite');
    server = http.createServer(createApp(world.ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await world?.close();
  });

  it('shows every tag and the sealed-bid operation of /api/openapi.json, with no failed request or script error', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') {
        problems.push(`console: ${m.text()}`);
      }
    });
    page.on('response', (r) => {
      if (r.status() >= 400) {
        problems.push(`${r.status()} ${r.url()}`);
      }
    });
    const loaded = page.waitForResponse((r) => r.url() === `${base}/api/openapi.json`);
    await page.goto(`${base}/api/docs`);
    expect((await loaded).status()).toBe(200);

    await page.locator('.opblock-tag', { hasText: 'bids' }).first().waitFor({ timeout: 30_000 });
    const spec = (await (await page.request.get(`${base}/api/openapi.json`)).json()) as { tags: { name: string }[] };
    for (const { name } of spec.tags) {
      await expect(page.locator('.opblock-tag', { hasText: new RegExp(`^${name}`) }).count()).resolves.toBeGreaterThan(0);
    }
    const bid = page.locator('.opblock-put .opblock-summary-path', { hasText: '/tenders/{tenderId}/bid' });
    await expect(bid.count()).resolves.toBe(1);
    await expect(page.locator('.info .title').innerText()).resolves.toContain('TenderHall');
    await page.screenshot({ path: path.join(SHOTS, 'api-docs.png'), fullPage: false });
    expect(problems).toEqual([]);
  });
});
