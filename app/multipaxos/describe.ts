/**
 * What the console's lens draws for multi-Paxos: per group, the view, its leader and the slot log, each
 * slot chosen, accepted (not yet known chosen) or a gap (nothing accepted here), no-ops marked.
 */
import { placeKey } from '../paxos/placement';
import type { GroupLog, Leadership, SlotRow } from '../protocol/replicated-log';
import { leaderOf } from './context';
import { describeCommand } from './record';
import type { GroupState, MultiPaxosEvent, MultiPaxosNodeState } from './types';

export type { GroupLog, SlotRow } from '../protocol/replicated-log';

/** The slot log of every group this node is in, newest `limit` slots each. */
export function describeLog(state: MultiPaxosNodeState, limit = 64): GroupLog[] {
  return Object.values(state.groups).map((group) => describeGroup(group, limit));
}

/** The log of the group `key` belongs to, as this node holds it; null when the node is not a member. */
export function describeKeyLog(state: MultiPaxosNodeState, key: string, limit = 64): GroupLog | null {
  const group = state.groups[placeKey(state.config.groups, key).groupId];
  return group ? describeGroup(group, limit) : null;
}

/** Only leaderElected names a leader: a view change alone does not say the new leader has a majority yet. */
export function leadershipOf(event: MultiPaxosEvent): Leadership | null {
  if (event.type !== 'leaderElected') return null;
  return { group: event.group, view: event.view, leader: event.leader };
}

function describeGroup(group: GroupState, limit: number): GroupLog {
  const rows: SlotRow[] = [];
  for (let slot = Math.max(1, group.maxSlot - limit + 1); slot <= group.maxSlot; slot++) {
    const entry = group.log[slot];
    const applied = slot <= group.commitPoint;
    if (!entry) {
      rows.push({ slot, state: 'gap', noop: false, view: null, command: '', tag: null, applied });
      continue;
    }
    const { view, command, chosen } = entry;
    const noop = command.kind === 'noop';
    const row = { slot, noop, view, command: describeCommand(command), tag: command.tag, applied };
    rows.push({ ...row, state: chosen ? 'chosen' : 'accepted' });
  }
  return {
    group: group.id,
    view: group.view,
    leader: leaderOf(group, group.view),
    status: group.status,
    leading: group.leader?.phase ?? null,
    promised: group.promised,
    commitPoint: group.commitPoint,
    maxSlot: group.maxSlot,
    learnerOnly: group.learner !== null,
    rows,
  };
}
