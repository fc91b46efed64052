/**
 * Catch-up: ask the key's peers for their newest chosen entry and jump straight to it. Keys found
 * behind are caught up by a background pass every catchUpIntervalMs.
 */
import { keyPeers } from './key-replica';
import { isBehind } from './plog';
import { send, type StepContext } from './ready';
import type { NodeId, NodeState } from './types';

/** Sends getChosen (index 0 = newest) to `peers`, by default both of the key's peers. */
export function requestChosen(ctx: StepContext, key: string, peers?: NodeId[]): void {
  for (const to of peers ?? keyPeers(ctx.state, key)) send(ctx, { type: 'getChosen', to, key, index: 0 });
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
