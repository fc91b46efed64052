/** Waiting in tests: for a condition, polled, or for a deadline some attempt carries to pass. */
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` until it holds; rejects naming `what` after timeoutMs. */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  pollMs = 25,
): Promise<void> {
  const giveUpMs = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpMs) throw new Error(`${what}: not true within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

/**
 * Resolves once the wall clock is past `unixMs`: for the one thing a test cannot observe, that an
 * attempt can no longer act because its deadline has passed.
 */
export async function waitUntilPast(unixMs: number): Promise<void> {
  const leftMs = unixMs - Date.now();
  if (leftMs > 0) await sleep(leftMs + 1);
}
