/**
 * TryRedoProp: finish a pending instance with a prepare round. The round adopts the highest accepted
 * value it finds (the local proposing value is among them, as the own vote); with none, it proposes a
 * no-op that repeats the previous chosen state with no request id and the same version.
 */
import { recordOf } from './key-replica';
import { newestChosen, requestsAfter } from './plog';
import { startProposal } from './proposer';
import type { StepContext } from './ready';
import type { EntryValue, Instance } from './types';

/** The previous state again, with no request of its own; the previous request joins its window. */
function noOpAfter(previous: Instance | undefined, owner: string, windowMax: number): EntryValue {
  const requests = requestsAfter(previous, windowMax);
  const state = previous?.value;
  if (!state) return { requestId: '', owner, version: 0, deleted: true, data: new Uint8Array(0), requests };
  return { ...state, requestId: '', owner, requests };
}

export function startRedo(ctx: StepContext, key: string, index: number, round: number): void {
  const previous = newestChosen(recordOf(ctx.state, key));
  const value = noOpAfter(previous, ctx.state.config.self, ctx.state.config.dedupWindow);
  startProposal(ctx, key, { index, value, requestId: null, allowFast: false }, round);
}
