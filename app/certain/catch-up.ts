/**
 * Catch-up (reference §5, `TryCatchup`): a node that heard of chosen entries above its DB's committed
 * entry sends its record at each missing one (at most catchUpBatchMax ahead) to the other replicas. Its
 * view of them is not chosen, so a replica holding the entry chosen finds that view stale and answers
 * with its chosen record (or, when it trimmed the entry, with its DB row as a snapshot, trim.ts):
 * catch-up needs no message of its own. Sent again every round until applied.
 */
import { peersOf, sendEntry, type Step } from './context';
import { knowsFloor } from './learner';
import type { EntityState } from './types';

/** The most missing entries one catch-up round asks for. */
export const catchUpBatchMax = 10;

export function catchUpTick(step: Step, entity: EntityState): void {
  const { nowMs, config } = step.state;
  if (!knowsFloor(entity) || entity.db.committed >= entity.maxChosen || nowMs < entity.catchUpAtMs) return;
  entity.catchUpAtMs = nowMs + config.timing.roundTimeoutMs;
  const last = Math.min(entity.maxChosen, entity.db.committed + catchUpBatchMax);
  for (let entry = entity.db.committed + 1; entry <= last; entry++) {
    if (entity.plog[entry]?.chosen) continue;
    for (const peer of peersOf(step, entity)) sendEntry(step, entity, entry, peer);
  }
}
