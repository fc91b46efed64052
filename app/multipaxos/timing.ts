/**
 * The timers of leader multi-Paxos, derived from CoreConfig.timing so one topology tunes every
 * protocol. Timers only decide when to try something (resend, suspect a leader, move to the next view);
 * safety never depends on them.
 */
import type { CoreConfig } from '../paxos/types';

export interface MultiPaxosTimers {
  /** How often a leader sends its commit point to every member (the heartbeat). */
  heartbeatMs: number;
  /** How long before an unanswered accept, prepare, view change, forward or catch-up is sent again. */
  resendMs: number;
  /** Silence from the leader after which a follower suspects it (plus per-node jitter). */
  suspectMs: number;
  /** Pending work with no new chosen slot for this long makes a node suspect a live leader. */
  progressMs: number;
  /** The most jitter added to suspectMs, drawn per view from the seeded generator. */
  jitterMsMax: number;
}

/**
 * One round trip (roundTimeoutMs) paces heartbeats and resends; four of them without a heartbeat make a
 * leader suspect, so three lost heartbeats in a row are tolerated. Pending work waits a quarter of the
 * request timeout (never less than the suspicion time), so a request can outlive one view change.
 */
export function timersOf(config: CoreConfig): MultiPaxosTimers {
  const round = config.timing.roundTimeoutMs;
  const suspectMs = 4 * round;
  return {
    heartbeatMs: round,
    resendMs: round,
    suspectMs,
    progressMs: Math.max(suspectMs, Math.floor(config.timing.requestTimeoutMs / 4)),
    jitterMsMax: round,
  };
}

/** The most chosen entries one catch-up reply carries. */
export const catchUpBatchMax = 64;
