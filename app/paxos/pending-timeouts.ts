/**
 * The pending-entry timeout queue: PaxosStore's "three-level timeout queue" for entries left pending.
 * An entry is pending on a replica when it holds an accepted value above the key's chosen index: its
 * own proposal's value, or one it voted for. Normally the entry is chosen within a round trip. It is
 * *left* pending when the accept or chosen notice was lost, or the proposer crashed or ran out of
 * rounds, and no client touches the key again; then nothing would ever finish it, and the replica
 * could not serve the key locally. The queue finishes it without a client:
 *
 *   1. retry soon: `pendingRetrySoonMs` after the entry appeared, a prepare round (TryRedoProp,
 *      redo.ts) that finishes the accepted value or learns that a peer already moved past it;
 *   2. retry later: `pendingRetryLaterMs` after that, the same again (a peer may have been down);
 *   3. give up and catch up: `pendingGiveUpMs` after that, stop proposing and ask both peers for the
 *      chosen entry (a peer holding the entry pending finishes it itself, catch-up.ts).
 *
 * Time enters only through ticks (the core has no clock): each tick fires the entries that are due.
 * An entry whose key has a proposal or a client request in progress is not left; its timer starts its
 * level's wait again. Entering the queue is silent, because every write passes through a pending entry
 * for a moment; each level that fires and the entry's end after one has fired are events. The queue is
 * volatile: a restarted node enrolls the pending entries it finds on disk at level 1.
 */
import { redoableIndex, requestChosen } from './catch-up';
import { recordOf } from './key-replica';
import { headerOf } from './plog';
import { emit, type StepContext } from './ready';
import { startRedo } from './redo';
import type { KeyRecord, NodeState, PendingTimeout, PendingTimeoutStep } from './types';

/**
 * The index of the key's lowest entry holding an accepted value above its chosen index, or 0. That
 * is the entry a redo finishes first (redoableIndex), and the one whose value a reader waits on.
 */
export function pendingEntryOf(record: KeyRecord): number {
  const { chosenIndex } = headerOf(record);
  const held = record.instances.find(
    (instance) => !instance.chosen && instance.index > chosenIndex && instance.value !== null,
  );
  return held?.index ?? 0;
}

/** How long an entry waits at `level` before that level's action. */
function waitAt(state: NodeState, level: PendingTimeout['level']): number {
  const { timing } = state.config;
  if (level === 'soon') return timing.pendingRetrySoonMs;
  if (level === 'later') return timing.pendingRetryLaterMs;
  return timing.pendingGiveUpMs;
}

function enroll(state: NodeState, key: string, index: number): void {
  state.pendingTimeouts[key] = {
    index,
    level: 'soon',
    sinceMs: state.nowMs,
    dueMs: state.nowMs + state.config.timing.pendingRetrySoonMs,
  };
}

/** Enrolls the pending entries of a restarted node's records, at level 1. */
export function enrollRestored(state: NodeState): void {
  for (const [key, record] of Object.entries(state.records)) {
    const index = pendingEntryOf(record);
    if (index > 0) enroll(state, key, index);
  }
}

function emitStep(ctx: StepContext, key: string, entry: PendingTimeout, step: PendingTimeoutStep): void {
  const { nowMs } = ctx.state;
  emit(ctx, {
    type: 'pendingTimeout',
    key,
    index: entry.index,
    step,
    waitedMs: nowMs - entry.sinceMs,
    nextInMs: entry.dueMs > 0 ? Math.max(0, entry.dueMs - nowMs) : 0,
  });
}

/**
 * After the key's record changed: enrolls a new pending entry, and drops one that is no longer
 * pending (chosen, or replaced by a newer index), saying so when one of its levels had fired.
 */
export function notePendingEntry(ctx: StepContext, key: string): void {
  const { state } = ctx;
  const index = pendingEntryOf(recordOf(state, key));
  const entry = state.pendingTimeouts[key];
  if (entry && entry.index === index) return;
  if (entry) {
    delete state.pendingTimeouts[key];
    if (entry.level !== 'soon') emitStep(ctx, key, { ...entry, dueMs: 0 }, 'resolved');
  }
  if (index > 0) enroll(state, key, index);
}

/** The level's action: a redo that finishes the entry, or (a learner, or nothing to redo) catch-up. */
function retry(ctx: StepContext, key: string): void {
  const redoIndex = redoableIndex(recordOf(ctx.state, key));
  if (redoIndex > 0 && !ctx.state.learner) startRedo(ctx, key, redoIndex, 1);
  else requestChosen(ctx, key);
}

function fire(ctx: StepContext, key: string, entry: PendingTimeout): void {
  const { nowMs } = ctx.state;
  if (entry.level === 'catchUp') {
    // Given up: no more proposals from this node; the peers' answer (or their own redo) decides it.
    requestChosen(ctx, key, undefined, entry.index);
    entry.level = 'gaveUp';
    entry.dueMs = 0;
    return emitStep(ctx, key, entry, 'gaveUp');
  }
  const step: PendingTimeoutStep = entry.level === 'soon' ? 'retriedSoon' : 'retriedLater';
  entry.level = entry.level === 'soon' ? 'later' : 'catchUp';
  entry.dueMs = nowMs + waitAt(ctx.state, entry.level);
  // The event comes before the redo's own events, so a reader sees why the round starts.
  emitStep(ctx, key, entry, step);
  retry(ctx, key);
}

/** Fires every entry whose time has come; an entry whose key is busy waits its level again. */
export function tickPendingTimeouts(ctx: StepContext): void {
  const { state } = ctx;
  for (const [key, entry] of Object.entries(state.pendingTimeouts)) {
    if (entry.dueMs === 0 || state.nowMs < entry.dueMs) continue;
    if (state.proposers[key] || state.queues[key]) {
      entry.dueMs = state.nowMs + waitAt(state, entry.level);
      continue;
    }
    fire(ctx, key, entry);
  }
}
