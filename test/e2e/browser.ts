// What both browser suites share: Debian's Chromium through playwright-core, and a watcher that
// collects everything a page complains about, so a test can demand that there was nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';

export const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * A browser test's workspace: fails (never skips) without Chromium, else a temp folder and a stack
 * of clean-ups undone last-in first-out at the end (the browser, then servers, then their files).
 */
export function e2eWorkspace(t: Test, prefix: string): { dir: string; cleanups: (() => unknown)[] } | undefined {
  t.ok(existsSync(CHROMIUM), `${CHROMIUM} exists (install it: apt-get install -y --no-install-recommends chromium)`);
  if (!existsSync(CHROMIUM)) return undefined;
  const cleanups: (() => unknown)[] = [];
  t.teardown(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, cleanups };
}

export async function launchBrowser(profileDir: string, viewport = { width: 1280, height: 900 }) {
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: LAUNCH_ARGS, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Everything the page complained about: console errors, uncaught exceptions, CSP violations, failed requests. */
export class PageTrouble {
  readonly problems: string[] = [];
  /** Chromium logs every 4xx answer to fetch as a console error; only the statuses a test provokes may pass. */
  readonly expectedStatuses = new Set<number>();

  async watch(context: BrowserContext, page: Page) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const status = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(text)?.[1];
      if (status !== undefined && this.expectedStatuses.has(Number(status))) return;
      this.problems.push(`console error: ${text} (${message.location().url})`);
    });
    page.on('pageerror', (error) => this.problems.push(`uncaught exception: ${error.message}`));
    page.on('requestfailed', (request) => this.problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
    await context.exposeBinding('__reportCspViolation', (_source, report: unknown) => {
      this.problems.push(`CSP violation: ${JSON.stringify(report)}`);
    });
    // Runs in every page before its own scripts (a string: this program has no DOM types).
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) => {
        window.__reportCspViolation({ directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber });
      });`,
    });
  }
}
