/** The browser the e2e suite drives: Debian's Chromium, or the one CHROMIUM_PATH names. */
export const defaultChromiumPath = '/usr/bin/chromium';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || defaultChromiumPath;
}
