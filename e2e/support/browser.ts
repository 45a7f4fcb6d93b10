import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system's Chromium (global-setup checked it exists), headless, without background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: inject('chromiumPath'), args: launchArgs });
}

/**
 * Collects the page's uncaught exceptions, for the test that caused them to assert none happened, and
 * gives every wait a bound that fits a busy 2-core CI machine.
 */
export function watchErrors(page: Page, timeoutMs = 30_000): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.setDefaultTimeout(timeoutMs);
  return errors;
}
