/// <reference lib="dom" />
/**
 * Approving new accounts of an organization in the browser (issue 13, 4): a bidder that is its
 * organization's administrator (its first account) finds 单位成员 in its menu and, on a 390 px phone,
 * approves one pending member and refuses another through a confirm dialog; the trading center's
 * admin filters user management by 待审核 and approves a third. The approved accounts can sign in,
 * the refused one cannot; a member that is not the administrator has no 单位成员 entry.
 * And (issue 13, 6) a page whose hall socket is told `signed-out` (the admin disabled the account)
 * says 会话已结束，请重新登录 and goes to the login page.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, browserSuite, ensureClientBuilt, launchChromium, openBrowserOn, type Hall } from '../support/browser';
import { bearer, buildTender, buildUser, type TestUser } from '../support/factories';
import { pageAs } from '../support/journey-pages';
import { serveLive, type LiveApp } from '../support/live-app';
import { createTestWorld, type TestWorld } from '../support/test-app';

jest.setTimeout(180_000);

const PASSWORD = 'Member@2026';

browserSuite('organization members: the administrator and the trading center approve pending accounts', () => {
  let w: TestWorld;
  let hall: Hall;
  let owner: TestUser;
  let admin: TestUser;
  let org: { name: string; creditCode: string };
  const errors: string[] = [];

  async function register(username: string, displayName: string): Promise<string> {
    const res = await w.http().post('/api/auth/register').send({ username, password: PASSWORD, displayName, organization: org });
    expect(res.status).toBe(201);
    expect(res.body.user.status).toBe('pending');
    return res.body.user.id as string;
  }
  const login = (username: string) => w.http().post('/api/auth/login').send({ username, password: PASSWORD });

  async function open(who: TestUser, width: number): Promise<Page> {
    const ctx = await hall.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width, height: 844 } });
    ctx.setDefaultTimeout(30_000);
    return pageAs(w, ctx, who, who.username, errors);
  }

  beforeAll(async () => {
    w = await createTestWorld('sqlite');
    owner = await buildUser(w, 'bidder');
    admin = await buildUser(w, 'admin');
    const me = await w.http().get('/api/me').set(...bearer(owner));
    org = { name: me.body.user.organization.name, creditCode: me.body.user.organization.creditCode };
    hall = await openBrowserOn(w);
  });

  afterAll(async () => {
    await hall?.close();
    await w?.close();
  });

  it('the administrator approves and refuses pending members on a phone', async () => {
    await register(`wangwu_${process.pid}`, '王五');
    await register(`zhaoliu_${process.pid}`, '赵六');

    const desktop = await open(owner, 1280);
    await desktop.goto(`${hall.base}/tenders`);
    await desktop.getByRole('link', { name: '单位成员' }).click();
    await desktop.getByTestId('member-row').nth(2).waitFor();
    await desktop.screenshot({ path: path.join(SHOTS, 'tenderhall-org-members-desktop.png'), fullPage: true });
    await desktop.context().close();

    const page = await open(owner, 390);
    await page.goto(`${hall.base}/bidder/members`);
    const row = (u: string) => page.locator(`[data-testid=member-row][data-username="${u}_${process.pid}"]`);
    await row('zhaoliu').waitFor();
    await expect(row('wangwu').getByTestId('member-status').getAttribute('data-status')).resolves.toBe('pending');
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-org-members-390.png'), fullPage: true });
    // no horizontal scrolling at 390 px
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);

    await row('wangwu').getByTestId('member-approve').click();
    await page.getByTestId('member-confirm').click();
    await row('wangwu').locator('[data-status=active]').waitFor();
    await expect(row('wangwu').getByTestId('member-approve').count()).resolves.toBe(0);

    await row('zhaoliu').getByTestId('member-refuse').click();
    await page.getByTestId('member-confirm').click();
    await row('zhaoliu').locator('[data-status=disabled]').waitFor();
    await page.context().close();

    expect((await login(`wangwu_${process.pid}`)).status).toBe(200);
    const refused = await login(`zhaoliu_${process.pid}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('a member that is not the administrator has no 单位成员 entry', async () => {
    const res = await login(`wangwu_${process.pid}`);
    const member: TestUser = { ...owner, id: res.body.user.id, username: `wangwu_${process.pid}`, token: res.body.token };
    const page = await open(member, 1280);
    await page.goto(`${hall.base}/tenders`);
    await page.getByRole('link', { name: '我的报名' }).waitFor();
    await expect(page.getByRole('link', { name: '单位成员' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('the admin approves a pending account in user management, filtered by 待审核', async () => {
    await register(`sunqi_${process.pid}`, '孙七');
    const page = await open(admin, 390);
    await page.goto(`${hall.base}/admin/users`);
    await page.getByTestId('user-status-filter').click();
    await page.locator('.ant-select-item-option', { hasText: '待审核' }).click();
    const row = page.locator(`[data-testid=user-row][data-username="sunqi_${process.pid}"]`);
    await row.waitFor();
    await expect(page.getByTestId('user-row').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'tenderhall-admin-pending-390.png'), fullPage: true });
    await row.getByTestId('user-approve').click();
    await page.getByTestId('user-approve-confirm').click();
    await expect(row.waitFor({ state: 'detached' })).resolves.toBeUndefined(); // no longer pending
    await page.context().close();
    expect((await login(`sunqi_${process.pid}`)).status).toBe(200);
    expect(errors).toEqual([]);
  });
});

browserSuite('a socket told signed-out sends the page to the login page', () => {
  let w: TestWorld;
  let live: LiveApp;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    w = await createTestWorld('sqlite');
    live = await serveLive(w, { namespaces: ['opening'] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await w?.close();
  });

  it('disabling the account while its opening hall is open shows 会话已结束 and the login page', async () => {
    const agency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const bidder = await buildUser(w, 'bidder');
    const tender = await buildTender(w, agency);
    const errors: string[] = [];
    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
    ctx.setDefaultTimeout(30_000);
    const page = await pageAs(w, ctx, bidder, 'bidder', errors);
    const socket = page.waitForEvent('websocket', (ws) => ws.url().includes('/opening') || ws.url().includes('/socket.io/'));
    await page.goto(`${live.base}/tenders/${tender.id}/opening`);
    // the join ack: by then the socket sits in its account's room (it joins on connect)
    const ws = await socket;
    await ws.waitForEvent('framereceived', (f) => typeof f.payload === 'string' && f.payload.startsWith('43'));
    await page.getByTestId('user-menu').waitFor();

    const off = await w.http().patch(`/api/admin/users/${bidder.id}`).set(...bearer(admin)).send({ status: 'disabled' });
    expect(off.status).toBe(200);
    await page.getByText('会话已结束，请重新登录').waitFor();
    await page.waitForURL((u) => u.pathname === '/login');
    await expect(page.getByTestId('user-menu').count()).resolves.toBe(0);
    await expect(page.evaluate(() => localStorage.getItem('tenderhall.token'))).resolves.toBeNull();
    await ctx.close();
    expect(errors).toEqual([]);
  });
});
