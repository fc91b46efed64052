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
 * asker needs an index this node holds pending right above its chosen one, and nothing is proposing
 * for the key here, the node also finishes that instance, so a learner waiting on it is not stuck
 * until some client happens to write or read the key.
 */
export function onGetChosen(ctx: StepContext, message: GetChosenMessage): void {
  sendNewestChosen(ctx, message.key, message.from);
  const record = recordOf(ctx.state, message.key);
  const pendingHere = message.index === headerOf(record).maxIndex && mayRedoNewest(record);
  if (pendingHere && !ctx.state.proposers[message.key] && !ctx.state.learner) {
    startRedo(ctx, message.key, message.index, 1);
  }
}

/**
 * True when this node can finish its newest instance with a prepare round: it is pending, and either
 * the node knows the value chosen just below it (so a no-op can repeat that state) or it holds an
 * accepted value there, which the round proposes at worst (its own vote is among the promises). The
 * second case matters when nobody remembers the entry below any more (PaxosKV keeps only the newest
 * instances): catching up cannot help, and without this redo the key would wait forever.
 */
export function mayRedoNewest(record: KeyRecord): boolean {
  const newest = newestInstance(record);
  if (!newest || newest.chosen) return false;
  return newest.index === headerOf(record).chosenIndex + 1 || newest.value !== null;
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
