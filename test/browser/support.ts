import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * What the browser tests share: Debian's Chromium (/usr/bin/chromium, which .ci/run installs),
 * driven by playwright-core, and the folder their screenshots go to (test/browser/out/, for a person
 * to look at; docs/screenshots/ keeps copies).
 */

export const CHROMIUM = process.env.PEICAN_CHROMIUM ?? '/usr/bin/chromium';
export const OUT = join(__dirname, 'out');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Signs in on the login page as a demo user (or with another password), without waiting for the page it leads to. */
export async function signIn(page: Page, origin: string, username: string, password = 'peican-demo'): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}
