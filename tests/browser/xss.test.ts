/// <reference lib="dom" />
import path from 'node:path';
import { SHOTS, browserSuite, openBrowserOn, type Hall } from '../support/browser';
import { buildTender, buildUser } from '../support/factories';
import { createTestWorld, type TestWorld } from '../support/test-app';
import { XSS_PAYLOADS } from '../support/xss-payloads';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(120_000);

/** Runs in the page: elements the payloads would have made had they become markup, and inline scripts. */
function countInjected(): { images: number; svgs: number; scripts: number; links: number } {
  return {
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    svgs: document.querySelectorAll('svg[onload]').length,
    scripts: Array.from(document.scripts).filter((s) => !s.src).length,
    links: Array.from(document.querySelectorAll('a[href]')).filter((a) => a.getAttribute('href')?.trim().toLowerCase().startsWith('javascript:')).length,
  };
}

/**
 * Issue 7, point 6: markup in a tender's title and description, shown to the public in the web
 * client (list and detail pages), runs nothing (no dialog, no injected element, no request to the
 * payload's image) and shows literally; the pages carry a Content-Security-Policy they keep to.
 */
browserSuite('markup in announcement text in the web client', () => {
  let world: TestWorld;
  let hall: Hall | undefined;

  beforeAll(async () => {
    world = await createTestWorld('sqlite');
    hall = await openBrowserOn(world);
  });

  afterAll(async () => {
    await hall?.close();
    await world?.close();
  });

  it('shows the title and description as literal text on the public pages and runs none of it', async () => {
    const { browser, base } = hall as Hall;
    const agency = await buildUser(world, 'agency');
    const tender = await buildTender(world, agency, { body: XSS_PAYLOADS });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const violations: string[] = [];
    const payloadRequests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) {
        violations.push(m.text());
      }
    });
    page.on('request', (r) => {
      if (/\/x$/.test(new URL(r.url()).pathname)) {
        payloadRequests.push(r.url());
      }
    });

    const detail = await page.goto(`${base}/tenders/${tender.id}`);
    expect(detail?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.getByTestId('tender-title').waitFor();
    await page.getByTestId('tender-description').waitFor();
    expect(await page.getByTestId('tender-title').first().textContent()).toContain(XSS_PAYLOADS.title);
    expect(await page.getByTestId('tender-description').textContent()).toBe(XSS_PAYLOADS.description);
    await page.screenshot({ path: path.join(SHOTS, 'xss-tender-detail.png'), fullPage: true });

    await page.goto(`${base}/tenders`);
    const row = page.locator(`[data-testid="tender-row"]`).filter({ hasText: '道路改造' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(XSS_PAYLOADS.title);

    // Nothing of the payload became markup: no injected element, no javascript: link, no dialog.
    const injected = await page.evaluate(countInjected);
    await page.goto(`${base}/tenders/${tender.id}`);
    await page.getByTestId('tender-description').waitFor();
    const onDetail = await page.evaluate(countInjected);
    await page.waitForTimeout(500);
    expect({ injected, onDetail }).toEqual({ injected: { images: 0, svgs: 0, scripts: 0, links: 0 }, onDetail: { images: 0, svgs: 0, scripts: 0, links: 0 } });
    expect(dialogs).toEqual([]);
    expect(payloadRequests).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
