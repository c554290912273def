import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../server/app';
import type { TestWorld } from './test-app';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../..');
export const SHOTS = process.env.BROWSER_SCREENSHOTS ?? '/tmp';
const hasChromium = fs.existsSync(CHROMIUM);
const isCi = process.env.CI === 'true';

if (!hasChromium && !isCi) {
  console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium); under CI=true they fail instead`);
}

/** describe when Debian's chromium is there (or under CI, where its absence fails the suite), else describe.skip. */
export const browserSuite = hasChromium || isCi ? describe : describe.skip;

export type Hall = { browser: Browser; base: string; close(): Promise<void> };

/** Builds the client when client/dist is missing (`npm run test:browser` also rebuilds a stale one first). */
export function ensureClientBuilt(): void {
  if (!hasChromium) {
    throw new Error(`CI=true but ${CHROMIUM} is missing: install Debian's chromium package`);
  }
  if (!fs.existsSync(path.join(ROOT, 'client/dist/index.html'))) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-client.js')], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** Headless Debian chromium (suites that serve the app themselves, e.g. with the realtime namespaces). */
export function launchChromium(): Promise<Browser> {
  // NOTE: playwright refuses --user-data-dir in args; launch() gives every run a fresh temporary profile itself.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Builds the client if needed, serves the world's app on a free port, launches headless chromium. */
export async function openBrowserOn(world: TestWorld): Promise<Hall> {
  ensureClientBuilt();
  const server = http.createServer(createApp(world.ctx)); // createApp serves client/dist once it exists
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  return {
    browser,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
