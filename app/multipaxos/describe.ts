/**
 * What the console's lens draws for multi-Paxos: per group, the view, its leader and the slot log, each
 * slot chosen, accepted (not yet known chosen) or a gap (nothing accepted here).
 */
import { leaderOf } from './context';
import { describeCommand } from './record';
import type { NodeId } from '../paxos/types';
import type { MultiPaxosNodeState } from './types';

export interface SlotRow {
  slot: number;
  state: 'chosen' | 'accepted' | 'gap';
  /** The view the command was accepted in; null for a gap. */
  view: number | null;
  /** "put k1 (r7)", "noop", or "" for a gap. */
  command: string;
  tag: string | null;
  /** True up to the commit point: applied to this node's state machine. */
  applied: boolean;
}

export interface GroupLog {
  group: string;
  view: number;
  /** The member that leads `view` by rotation (it may still be preparing, or down). */
  leader: NodeId;
  status: 'normal' | 'viewChange';
  /** This node leads the view: 'preparing' during phase 1, 'serving' after; null when it follows. */
  leading: 'preparing' | 'serving' | null;
  promised: number;
  commitPoint: number;
  maxSlot: number;
  learnerOnly: boolean;
  /** The newest slots, at most `limit`, lowest first. */
  rows: SlotRow[];
}

/** The slot log of every group this node is in, newest `limit` slots each. */
export function describeLog(state: MultiPaxosNodeState, limit = 64): GroupLog[] {
  return Object.values(state.groups).map((group) => {
    const rows: SlotRow[] = [];
    for (let slot = Math.max(1, group.maxSlot - limit + 1); slot <= group.maxSlot; slot++) {
      const entry = group.log[slot];
      const applied = slot <= group.commitPoint;
      if (!entry) {
        rows.push({ slot, state: 'gap', view: null, command: '', tag: null, applied });
        continue;
      }
      const { view, command, chosen } = entry;
      const row = { slot, view, command: describeCommand(command), tag: command.tag, applied };
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
  });
}
