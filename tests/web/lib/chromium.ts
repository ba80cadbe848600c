/** @module tests/web/lib/chromium — Debian's headless Chromium through playwright-core (never downloaded). */
import { chromium, type Browser } from 'playwright-core';

/** Flags from the toolchain notes, plus plain host candidates (no mDNS names: no resolver in the namespace). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
}
