/** Where Debian installs Chromium; `.ci/run` installs it when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for Debian's Chromium on these machines: no sandbox (tests run as root), no GPU, and
 * none of the background calls to Google's services, which this closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;
