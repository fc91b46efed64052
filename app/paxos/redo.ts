/**
 * TryRedoProp: finish a pending instance with a prepare round. The round adopts the highest accepted
 * value it finds (the local proposing value is among them, as the own vote); with none, it proposes a
 * no-op that repeats the previous chosen state with no request id and the same version.
 */
import { recordOf } from './key-replica';
import { newestChosen } from './plog';
import { startProposal } from './proposer';
import type { StepContext } from './ready';
import type { EntryValue } from './types';

function noOpAfter(previous: EntryValue | null, owner: string): EntryValue {
  if (!previous) return { requestId: '', owner, version: 0, deleted: true, data: new Uint8Array(0) };
  return { ...previous, requestId: '', owner };
}

export function startRedo(ctx: StepContext, key: string, index: number, round: number): void {
  const previous = newestChosen(recordOf(ctx.state, key))?.value ?? null;
  const value = noOpAfter(previous, ctx.state.config.self);
  startProposal(ctx, key, { index, value, requestId: null, allowFast: false }, round);
}
