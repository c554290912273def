/// <reference lib="dom" />
/**
 * Page steps the browser tests share: signing in, the tender form, the 证书 page, sealing a bid,
 * and antd Popconfirm clicks that survive a re-rendering page.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { SHOTS } from './browser';
import { bearer, type TestUser } from './factories';
import type { TestWorld } from './test-app';

/** "2026-12-02 10:00:00" for epoch ms, as Asia/Shanghai wall time (UTC+8, no DST). */
export function shanghaiWall(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Types a wall time into the antd date picker wrapped by data-testid and confirms it. */
export async function pickDateTime(page: Page, testId: string, wall: string): Promise<void> {
  const input = page.locator(`[data-testid="${testId}"] input`);
  await input.click();
  await input.fill(wall);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  await page.locator('.ant-card-head-title').first().click(); // close the picker
  await page.waitForFunction(
    ([id, v]) => (document.querySelector(`[data-testid="${id}"] input`) as HTMLInputElement | null)?.value === v,
    [testId, wall] as const,
    { timeout: 5000 },
  );
}

/** A page of the context signed in as `who` (its token and user put in localStorage before any script runs); page errors go to `errors`. */
export async function pageAs(w: TestWorld, ctx: BrowserContext, who: TestUser | null, name: string, errors: string[]): Promise<Page> {
  if (who) {
    const me = await w.http().get('/api/me').set(...bearer(who));
    if (me.status !== 200) {
      throw new Error(`GET /api/me as ${who.username}: ${me.status}`);
    }
    await ctx.addInitScript(
      ([token, user]) => {
        localStorage.setItem('tenderhall.token', token);
        localStorage.setItem('tenderhall.user', user);
      },
      [who.token, JSON.stringify(me.body.user)],
    );
  }
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  return page;
}

/** Signs in on the login page with the factories' password. */
export async function signIn(page: Page, base: string, user: TestUser): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill('Passw0rd!');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/**
 * Clicks the trigger, then OK in the Popconfirm it opened, and waits for `done`. A popover whose
 * component re-mounted or unmounted while open (the page's view updated meanwhile) can linger in the
 * DOM, looking open, with an OK that does nothing: the popovers there before the click are marked
 * stale so that only the new one is clicked, and when `done` does not come the action is tried again.
 */
export async function confirmVia(trigger: Locator, done: Locator): Promise<void> {
  const p = trigger.page();
  for (let attempt = 1; ; attempt++) {
    await p.evaluate(() => document.querySelectorAll('.ant-popover').forEach((e) => e.setAttribute('data-stale', '')));
    await trigger.click();
    await p.locator('.ant-popover:not([data-stale]):not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary').click();
    try {
      await done.first().waitFor({ timeout: 8000 });
      return;
    } catch {
      if (attempt === 3 || !(await trigger.isVisible())) {
        await done.first().waitFor();
        return;
      }
    }
  }
}

export type TenderFields = { title: string; code: string; budget: string; description: string; registrationDeadline: number; bidDeadline: number };

/** On the agency's 新建招标项目 form: fills the fields (deadlines as Shanghai wall time) and stops before publishing. */
export async function fillNewTender(page: Page, base: string, f: TenderFields): Promise<void> {
  await page.goto(`${base}/agency/tenders`);
  await page.getByTestId('new-tender').click();
  await page.waitForURL(`${base}/agency/tenders/new`);
  await page.getByTestId('tender-form-title').fill(f.title);
  await page.getByTestId('tender-form-code').fill(f.code);
  await page.getByTestId('tender-form-project-code').fill('JT-2026');
  await page.getByTestId('tender-form-budget').fill(f.budget);
  await page.getByTestId('tender-form-description').fill(f.description);
  await pickDateTime(page, 'tender-form-registration-deadline', shanghaiWall(f.registrationDeadline));
  await pickDateTime(page, 'tender-form-bid-deadline', shanghaiWall(f.bidDeadline));
}

/** Publishes the filled form (with its confirmation) and waits for the published tender's page; returns its id. */
export async function publishTenderForm(page: Page): Promise<string> {
  await page.getByTestId('tender-form-publish').click();
  await page.getByTestId('publish-confirm').click();
  await page.waitForURL(/\/agency\/tenders\/[0-9A-Z]{26}$/);
  await page.locator('[data-testid="tender-status"][data-status="published"]').first().waitFor();
  return new URL(page.url()).pathname.split('/').pop() as string;
}

/**
 * On the 证书 page (reached from the header menu): applies for a certificate with the key pair made
 * in the page and saves the downloaded .p12 into `dir`; returns its path once the certificate is valid.
 */
export async function enrollOnCertsPage(page: Page, base: string, password: string, dir: string): Promise<string> {
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: '数字证书' }).click();
  await page.waitForURL(`${base}/certs`);
  await page.getByTestId('cert-apply').click();
  await page.getByTestId('cert-password').fill(password);
  await page.getByTestId('cert-password-confirm').fill(password);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('cert-submit').click()]);
  const p12Path = path.join(dir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(p12Path);
  await page.getByTestId('cert-done').waitFor();
  await page.getByRole('button', { name: '确 定' }).or(page.getByRole('button', { name: '确定' })).first().click();
  await page.locator('[data-testid="cert-row"][data-status="valid"]').waitFor();
  return p12Path;
}

export type BidFields = { price: string; durationDays: string; quality: string; p12Path: string; password: string; document?: { name: string; text: string } };

/** On the tender's bid page: fills the bid, seals it in the page with the .p12 and submits; waits for the receipt of a submitted bid. */
export async function sealAndSubmit(page: Page, base: string, tenderId: string, bid: BidFields): Promise<void> {
  if (!page.url().endsWith(`/tenders/${tenderId}/bid`)) {
    await page.goto(`${base}/tenders/${tenderId}/bid`);
  }
  await page.getByTestId('bid-price').fill(bid.price);
  await page.locator('[data-testid="bid-duration"] input, input[data-testid="bid-duration"]').first().fill(bid.durationDays);
  await page.getByTestId('bid-item-quality').fill(bid.quality);
  const doc = bid.document ?? { name: '技术标.txt', text: '施工组织设计\n'.repeat(2000) };
  const fileInputs = page.locator('input[type="file"]');
  await fileInputs.nth(0).setInputFiles([{ name: doc.name, mimeType: 'text/plain', buffer: Buffer.from(doc.text) }]);
  await fileInputs.nth(1).setInputFiles(bid.p12Path);
  await page.getByTestId('bid-p12-password').fill(bid.password);
  await page.getByTestId('bid-seal-submit').click();
  await page.getByTestId('receipt').waitFor({ timeout: 90_000 });
  await page.locator('[data-testid="bid-status"][data-status="submitted"]').waitFor();
}

/** Full-page screenshots of the pages into SHOTS as tenderhall-<prefix>-<name>.png, for debugging a failure (errors ignored). */
export async function shootAll(prefix: string, pages: Record<string, Page | undefined>): Promise<void> {
  await Promise.all(Object.entries(pages).map(([n, p]) => p?.screenshot({ path: path.join(SHOTS, `tenderhall-${prefix}-${n}.png`), fullPage: true }).catch(() => undefined)));
}

/**
 * `it` for steps that share one session: after a failure the later steps stop at once instead of
 * waiting out their timeouts, and `onFailure` (e.g. shootAll) runs once.
 */
export function sessionSteps(onFailure: () => Promise<void>): (name: string, fn: () => Promise<void>) => void {
  let broken: string | null = null;
  return (name, fn) => {
    it(name, async () => {
      if (broken) {
        throw new Error(`not run: the earlier step "${broken}" failed`);
      }
      try {
        await fn();
      } catch (e) {
        broken = name;
        await onFailure();
        throw e;
      }
    });
  };
}

/** Clicks the button and saves the file the page downloads as `file`; returns its bytes. */
export async function downloadVia(button: Locator, file: string): Promise<Buffer> {
  const [download] = await Promise.all([button.page().waitForEvent('download'), button.click()]);
  await download.saveAs(file);
  return fs.readFileSync(file);
}

/**
 * Drops the PDF on the public 验证签章 page: waits for 签章有效 and the record it matched; returns how
 * many signatures the page lists as valid.
 */
export async function verifyOnPublicPage(page: Page, base: string, file: string, recordId: string): Promise<number> {
  await page.goto(`${base}/records/verify`);
  await page.locator('[data-testid=verify-drop] input[type=file]').setInputFiles(file);
  await page.locator('[data-testid=verify-result][data-valid=true]').waitFor();
  if (!(await page.getByTestId('verify-result').innerText()).includes('签章有效')) {
    throw new Error(`the verify page does not say 签章有效 for ${file}`);
  }
  await page.locator(`[data-testid=verify-record][data-matched="${recordId}"]`).waitFor();
  return page.locator('[data-testid^=verify-signature-][data-valid=true]').count();
}
