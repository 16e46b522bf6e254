import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium package; the tests drive it, they never download a browser. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Headless system Chromium; as root it must run without its sandbox, which needs an unprivileged user. */
export async function launchSystemChromium(): Promise<Browser> {
  if (!existsSync(SYSTEM_CHROMIUM))
    throw new Error(
      `no browser at ${SYSTEM_CHROMIUM}: install Debian's chromium package (apt-get install chromium)`,
    );
  return chromium.launch({
    executablePath: SYSTEM_CHROMIUM,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
