import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, browserSuite, openBrowserOn, type Hall } from '../support/browser';
import { buildUser, type TestUser } from '../support/factories';
import { fillNewTender, publishTenderForm, shanghaiWall, signIn } from '../support/journey-pages';
import { createTestWorld, T0, type TestWorld } from '../support/test-app';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(180_000);

browserSuite('publish a tender in the browser and find it as the public', () => {
  let world: TestWorld;
  let hall: Hall | undefined;
  let browser: Browser;
  let base: string;
  let agency: TestUser;

  beforeAll(async () => {
    world = await createTestWorld('sqlite');
    agency = await buildUser(world, 'agency');
    hall = await openBrowserOn(world);
    ({ browser, base } = hall);
  });

  afterAll(async () => {
    await hall?.close();
    await world?.close();
  });

  it('lets an agency create and publish a tender that the public then finds by its code', async () => {
    const code = `JT-BR-${process.pid}`;
    const title = `金坛区某道路改造工程施工（浏览器测试 ${process.pid}）`;

    // The agency signs in and fills the form; deadlines are entered as Shanghai wall time.
    const agencyContext = await browser.newContext({ locale: 'zh-CN', timezoneId: 'America/Los_Angeles', viewport: { width: 1360, height: 900 } });
    const page = await agencyContext.newPage();
    await signIn(page, base, agency);
    await fillNewTender(page, base, {
      title,
      code,
      budget: '12500000',
      description: '一、项目概况\n金坛区某道路改造工程，全长约2.3公里。\n<b>不是HTML</b>',
      registrationDeadline: T0 + 24 * 3600_000,
      bidDeadline: T0 + 2 * 24 * 3600_000,
    });
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-create-tender.png'), fullPage: true });
    await publishTenderForm(page);
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-agency-manage.png'), fullPage: true });

    // What the browser sent is what was meant: Shanghai wall time, stored as UTC, in any browser zone.
    const { items } = (await world.http().get('/api/tenders').query({ q: code })).body as { items: { code: string; registrationDeadline: string; bidDeadline: string; budget: string }[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      code,
      budget: '12500000.00',
      registrationDeadline: new Date(T0 + 24 * 3600_000).toISOString(),
      bidDeadline: new Date(T0 + 2 * 24 * 3600_000).toISOString(),
    });
    await agencyContext.close();

    // The public, signed out, in a fresh context: search the announcements by code and open the tender.
    const publicContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
    const pub = await publicContext.newPage();
    await pub.goto(`${base}/tenders`);
    await pub.locator('input[data-testid="tender-search"], [data-testid="tender-search"] input').first().fill(code);
    await pub.keyboard.press('Enter');
    await pub.waitForURL(/[?&]q=/);
    const row = pub.locator(`[data-testid="tender-row"][data-code="${code}"]`);
    await row.waitFor();
    expect(await pub.locator('[data-testid="tender-row"]').count()).toBe(1);
    await expectText(row, '12,500,000.00 元');
    await pub.screenshot({ path: path.join(SHOTS, 'tenderhall-public-list.png'), fullPage: true });

    await row.getByTestId('tender-link').click();
    await pub.getByTestId('tender-title').waitFor();
    expect(await pub.getByTestId('tender-title').innerText()).toBe(title);
    expect(await pub.getByTestId('tender-bid-deadline').innerText()).toBe(shanghaiWall(T0 + 2 * 24 * 3600_000));
    // Announcement text is plain text: the markup shows as typed, it is not rendered.
    expect(await pub.getByTestId('tender-description').innerText()).toContain('<b>不是HTML</b>');
    await pub.screenshot({ path: path.join(SHOTS, 'tenderhall-public-detail.png'), fullPage: true });
    await publicContext.close();
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  expect(await locator.innerText()).toContain(text);
}
