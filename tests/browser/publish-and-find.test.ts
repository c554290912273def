/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, browserSuite, openBrowserOn, type Hall } from '../support/browser';
import { buildUser, type TestUser } from '../support/factories';
import { createTestWorld, T0, type TestWorld } from '../support/test-app';

// NOTE: jest ignores testTimeout inside a `projects` entry, so the browser tests set theirs here.
jest.setTimeout(180_000);

/** "2026-12-02 10:00:00" for T0 + ms, as Asia/Shanghai wall time (UTC+8, no DST). */
function shanghaiWall(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Types a wall time into the antd date picker wrapped by data-testid and confirms it. */
async function pickDateTime(page: Page, testId: string, wall: string): Promise<void> {
  const input = page.locator(`[data-testid="${testId}"] input`);
  await input.click();
  await input.fill(wall);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  await page.locator('.ant-card-head-title').first().click(); // close the picker
  await expectValue(page, testId, wall);
}

async function expectValue(page: Page, testId: string, wall: string): Promise<void> {
  await page.waitForFunction(
    ([id, v]) => (document.querySelector(`[data-testid="${id}"] input`) as HTMLInputElement | null)?.value === v,
    [testId, wall] as const,
    { timeout: 5000 },
  );
}

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
    await page.goto(`${base}/login`);
    await page.getByTestId('login-username').fill(agency.username);
    await page.getByTestId('login-password').fill('Passw0rd!');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/agency/tenders`);

    await page.getByTestId('new-tender').click();
    await page.waitForURL(`${base}/agency/tenders/new`);
    await page.getByTestId('tender-form-title').fill(title);
    await page.getByTestId('tender-form-code').fill(code);
    await page.getByTestId('tender-form-project-code').fill('JT-2026');
    await page.getByTestId('tender-form-budget').fill('12500000');
    await page.getByTestId('tender-form-description').fill('一、项目概况\n金坛区某道路改造工程，全长约2.3公里。\n<b>不是HTML</b>');
    await pickDateTime(page, 'tender-form-registration-deadline', shanghaiWall(T0 + 24 * 3600_000));
    await pickDateTime(page, 'tender-form-bid-deadline', shanghaiWall(T0 + 2 * 24 * 3600_000));
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-create-tender.png'), fullPage: true });

    await page.getByTestId('tender-form-publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.waitForURL(/\/agency\/tenders\/[0-9A-Z]{26}$/);
    await page.locator('[data-testid="tender-status"][data-status="published"]').first().waitFor();
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
