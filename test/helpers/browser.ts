/**
 * The browser the web tests drive (Debian's chromium through playwright-core) and the two
 * devices their screenshots are taken on. Pages are seen as the people who use them see them: a
 * Vietnamese browser on Vietnam time.
 */
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';

const IN_VIETNAM = { locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' } satisfies BrowserContextOptions;

export const PHONE = {
  ...IN_VIETNAM,
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} satisfies BrowserContextOptions;

export const DESKTOP = { ...IN_VIETNAM, viewport: { width: 1280, height: 900 } } satisfies BrowserContextOptions;

/** A headless chromium of its own (launch() gives it a fresh temporary profile). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
