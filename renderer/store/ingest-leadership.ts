/**
 * Leadership as the console keeps it: per group, the leader of the highest view announced. Events of
 * different agents arrive merged in any order, so an older view's announcement never replaces a newer one.
 */
import type { Leadership } from '../../app/protocol/replicated-log';
import type { LeaderView } from './observed-cluster';
import type { ObservedDraft } from './observed-draft';

export function noteLeadership(draft: ObservedDraft, leadership: Leadership): void {
  const known = draft.leaderOf(leadership.group);
  if (known && known.view > leadership.view) return;
  draft.setLeader({ ...leadership, n: draft.eventCount });
}

/** The groups `node` leads, with their views, lowest group first. */
export function groupsLedBy(leaders: Record<string, LeaderView>, node: string): LeaderView[] {
  return Object.values(leaders)
    .filter((leader) => leader.leader === node)
    .sort((a, b) => a.group.localeCompare(b.group));
}
