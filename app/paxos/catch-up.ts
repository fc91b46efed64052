/**
 * Catch-up: ask the key's peers for their newest chosen entry and jump straight to it. Keys found
 * behind are caught up by a background pass every catchUpIntervalMs.
 */
import { sendNewestChosen } from './acceptor';
import { keyPeers, recordOf } from './key-replica';
import { headerOf, isBehind, newestInstance } from './plog';
import { send, type StepContext } from './ready';
import { startRedo } from './redo';
import type { GetChosenMessage, KeyRecord, NodeId, NodeState } from './types';

/**
 * Sends getChosen to `peers` (by default both of the key's peers). `index` 0 asks for the newest
 * chosen entry; a higher index also asks a peer holding that instance pending to finish it.
 */
export function requestChosen(ctx: StepContext, key: string, peers?: NodeId[], index = 0): void {
  for (const to of peers ?? keyPeers(ctx.state, key)) send(ctx, { type: 'getChosen', to, key, index });
}

/**
 * The answer is always the newest chosen entry (PaxosKV learners jump, they do not replay). When the
 * asker needs an index at or above an undecided instance this node can finish, and nothing is
 * proposing for the key here, the node also finishes it, so a learner waiting on it is not stuck
 * until some client happens to write or read the key.
 */
export function onGetChosen(ctx: StepContext, message: GetChosenMessage): void {
  sendNewestChosen(ctx, message.key, message.from);
  const redoIndex = redoableIndex(recordOf(ctx.state, message.key));
  const wanted = message.index > 0 && redoIndex > 0 && message.index >= redoIndex;
  if (wanted && !ctx.state.proposers[message.key] && !ctx.state.learner) {
    startRedo(ctx, message.key, redoIndex, 1);
  }
}

/**
 * The undecided instance this node can finish with a prepare round, or 0: the newest one right above
 * the chosen entry (a no-op can repeat that state), else the lowest one above the chosen entry that
 * holds an accepted value, which the round proposes at worst (its own vote is among the promises).
 * The second case matters when nobody remembers the entry below any more (PaxosKV keeps only the
 * newest instances, sweep seeds 2902345 and 373302174): catching up cannot help, and without this
 * redo the key would wait forever.
 */
export function redoableIndex(record: KeyRecord): number {
  const newest = newestInstance(record);
  if (!newest || newest.chosen) return 0;
  const { chosenIndex } = headerOf(record);
  if (newest.index === chosenIndex + 1) return newest.index;
  const held = record.instances.find((instance) => instance.index > chosenIndex && instance.value !== null);
  return held?.index ?? 0;
}

/** Keeps `state.behind` in step with the key's record. */
export function refreshBehind(state: NodeState, key: string): void {
  const record = state.records[key];
  if (record && isBehind(record)) state.behind[key] = true;
  else delete state.behind[key];
}

export function backgroundCatchUp(ctx: StepContext): void {
  const { state } = ctx;
  if (state.nowMs < state.nextCatchUpAtMs) return;
  state.nextCatchUpAtMs = state.nowMs + state.config.timing.catchUpIntervalMs;
  for (const key of Object.keys(state.behind)) requestChosen(ctx, key);
}
