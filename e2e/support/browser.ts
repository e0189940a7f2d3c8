import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The browser e2e runs in: $CAIRN_CHROMIUM, else Debian's /usr/bin/chromium, else one Playwright
 * installed. Never downloads one.
 */
export function findChromium(): string {
  const candidates = [process.env.CAIRN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here; fall through to the message.
  }
  throw new Error(
    'e2e needs Chromium and none was found. Install Debian\'s (`sudo apt-get install -y chromium`) ' +
      'or point CAIRN_CHROMIUM at a Chrome/Chromium binary.',
  );
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];
