/** The agent's one clock: wall-clock milliseconds that never step backwards (NTP cannot rewind it). */
export function monotonicNowMs(): number {
  return performance.timeOrigin + performance.now();
}
