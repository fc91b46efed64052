/**
 * Relearning one key from a quorum: the full-data verifier's repair (docs/data-verification.md §
 * Repair). The verifier found, by a majority of the key's three stored copies, that this replica's
 * copy of the entry chosen at `index` is wrong (rotted on disk, or loaded from such a disk into the
 * core at a restart). The `relearn` input asks both peers for their newest chosen entry, as catch-up
 * does; the first answer at `index` or above replaces what this node holds there, and the record is
 * persisted again through the node's own Ready, so the disk and the running core end with the
 * quorum's value, ordered with every other write of the key.
 *
 * This is the one place a chosen entry's value may change, and only under that order: the two peers'
 * copies agreed against this one, and Paxos chooses one value per index, so theirs is the chosen value
 * and this one is damage. Promises are kept (never lowered), so no vote this node gave is forgotten.
 */
import { maxBallot } from './ballot';
import { requestChosen } from './catch-up';
import { recordOf } from './key-replica';
import { headerOf, instanceAt, putInstance } from './plog';
import { saveRepairedRecord, type StepContext } from './ready';
import type { ChosenMessage } from './types';

export function startRelearn(ctx: StepContext, key: string, index: number): void {
  ctx.state.relearning[key] = Math.max(ctx.state.relearning[key] ?? 0, index);
  requestChosen(ctx, key);
}

/**
 * Takes a peer's chosen entry for a key being relearned. Returns true when it settled the key here
 * (the entry replaced or re-wrote the one held at that index); false leaves it to the ordinary path
 * (learnChosen), which already takes a newer index and ignores an older one.
 */
export function relearnChosen(ctx: StepContext, message: ChosenMessage): boolean {
  const target = ctx.state.relearning[message.key];
  if (target === undefined || message.index < target) return false;
  delete ctx.state.relearning[message.key];
  const record = recordOf(ctx.state, message.key);
  const held = instanceAt(record, message.index);
  if (message.index > headerOf(record).chosenIndex || !held) return false;
  const repaired = {
    index: message.index,
    promised: maxBallot(held.promised, message.ballot),
    accepted: message.ballot,
    value: message.value,
    chosen: true,
  };
  // Written even when the value held in memory was right: then only the disk's copy was wrong.
  saveRepairedRecord(ctx, putInstance(record, repaired, ctx.state.config.recentChosenMax));
  return true;
}
