/**
 * What a protocol that orders a group's commands in one log (leader multi-Paxos) tells the console: who
 * leads which view, and the log as one member holds it. Plain data, the same on every shell, so the
 * console draws the leader and the slots from what the core says rather than working them out again.
 */
import type { NodeId } from '../paxos/types';

/** A step's news about leadership: `leader` now leads `group` in `view`. */
export interface Leadership {
  group: string;
  view: number;
  leader: NodeId;
}

export interface SlotRow {
  slot: number;
  /** chosen: known chosen here; accepted: accepted here, not yet known chosen; gap: nothing here yet. */
  state: 'chosen' | 'accepted' | 'gap';
  /** True for a no-op a new leader put in a slot nobody had accepted a command for. */
  noop: boolean;
  /** The view the command was accepted in; null for a gap. */
  view: number | null;
  /** "put k1 (r7)", "noop", or "" for a gap. */
  command: string;
  tag: string | null;
  /** True up to the commit point: applied to this member's state machine. */
  applied: boolean;
}

export interface GroupLog {
  group: string;
  view: number;
  /** The member that leads `view` by the protocol's rule (it may still be preparing, or down). */
  leader: NodeId;
  status: 'normal' | 'viewChange';
  /** This member leads the view: 'preparing' during phase 1, 'serving' after; null when it follows. */
  leading: 'preparing' | 'serving' | null;
  /** The highest view this member promised, -1 before any promise. */
  promised: number;
  commitPoint: number;
  maxSlot: number;
  learnerOnly: boolean;
  /** The newest slots, lowest first. */
  rows: SlotRow[];
}

/**
 * A step's part in one quorum round, so the console can draw who was asked, who answered and whether
 * the quorum formed (WPaxos: phase 1 of a steal, or phase 2 of one slot). A round is named by its group,
 * phase, ballot and slot; its leader is the node that asks, and it answers itself when it asks.
 */
export interface QuorumStep {
  group: string;
  phase: 1 | 2;
  ballot: number;
  /** The slot a phase-2 round decides; 0 for phase 1. */
  slot: number;
  leader: NodeId;
  /**
   * asked: the leader asked `nodes`; answered: `nodes` (the stepping node) said yes; refused: it said no;
   * formed: `nodes` are the quorum the leader counted, `zones` the zones whose majorities it holds;
   * lost: the leader gave the ballot up, which ends every open round of it.
   */
  role: 'asked' | 'answered' | 'refused' | 'formed' | 'lost';
  nodes: NodeId[];
  zones: number[];
}
