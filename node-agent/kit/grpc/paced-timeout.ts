/**
 * A time limit counted in protocol time: it runs down at the protocol clock's rate, so it stands still
 * while hold mode has stopped the agents' timers and runs slowly in slow motion. A client waiting on an
 * agent uses it instead of a real-time deadline, which would give up on a write that a person is
 * stepping through. A hard real-time limit still ends a call that nobody ever lets go on.
 */

/** How often the remaining budget is brought up to date; the limit fires at most this late. */
export const pacedPollMs = 50;

/** However long a person holds messages, a call waiting on them ends after this much real time. */
export const pacedRealLimitMs = 30 * 60_000;

export interface PacedTimeout {
  /** Aborted once the budget is spent. */
  readonly signal: AbortSignal;
  /** Stops counting (the call ended on its own). */
  clear(): void;
}

/** `rate()` is read at every poll: 1 counts real time, 0 stops the count. */
export function pacedTimeout(
  budgetMs: number,
  rate: () => number,
  realNowMs: () => number = () => performance.now(),
  pollMs = pacedPollMs,
): PacedTimeout {
  const controller = new AbortController();
  let spentMs = 0;
  let lastMs = realNowMs();
  const timer = setInterval(() => {
    const nowMs = realNowMs();
    spentMs += (nowMs - lastMs) * rate();
    lastMs = nowMs;
    if (spentMs < budgetMs) return;
    clearInterval(timer);
    controller.abort(new Error(`no answer within ${budgetMs} ms of protocol time`));
  }, pollMs);
  return { signal: controller.signal, clear: () => clearInterval(timer) };
}
