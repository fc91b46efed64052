/** The agent's one clock: wall-clock milliseconds that never step backwards (NTP cannot rewind it). */
export function monotonicNowMs(): number {
  return performance.timeOrigin + performance.now();
}

let lastStampMs = 0;

/**
 * Event timestamps: the system wall clock, which every process on the machine shares (each process's
 * monotonic origin drifts from the others' by tens of ms, which put receives before their sends on
 * the console's timeline), held from going backwards within this process.
 */
export function eventStampMs(): number {
  lastStampMs = Math.max(lastStampMs, Date.now());
  return lastStampMs;
}
