/**
 * One object's newest quorum rounds, as the protocol's steps told them (the `quorum` a step carries,
 * ProtocolCore.quorumStepOf): the newest phase 1 (a steal, the highest ballot) and the newest phase 2
 * (the highest ballot, then the highest slot) with who was asked, who answered yes or no, and the quorum
 * the leader counted. Also the object's newest steal: which leader it moved from and to. Pure, for tests.
 */
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { QuorumStep } from '../../../app/protocol/replicated-log';

export interface QuorumRound {
  phase: 1 | 2;
  ballot: number;
  /** The slot phase 2 decides; 0 for phase 1. */
  slot: number;
  leader: string;
  /** The members the leader asked (itself included); empty when its ask was not seen. */
  asked: string[];
  /** The members that said yes, the leader included once it asked. */
  answered: string[];
  refused: string[];
  /** Every yes the leader had counted when the quorum formed (some may be outside `zones`); null before. */
  formed: string[] | null;
  /** The zones whose majorities the formed quorum holds. */
  zones: number[];
  /** The leader gave the ballot up before (or after) the quorum formed. */
  lost: boolean;
  /** Ordinal of the newest event about the round. */
  n: number;
}

export interface Steal {
  ballot: number;
  /** The leader before the steal, as the newest earlier announcement said; null when none was seen. */
  from: string | null;
  to: string;
  /** Ordinal of the event that announced it. */
  n: number;
}

export interface ObjectRounds {
  q1: QuorumRound | null;
  q2: QuorumRound | null;
  steal: Steal | null;
}

type Recorded = ClusterEvent & { n: number };

/** Folds the recent events (oldest first) into `object`'s newest rounds and steal. */
export function roundsOf(events: readonly Recorded[], object: string): ObjectRounds {
  let q1: QuorumRound | null = null;
  let q2: QuorumRound | null = null;
  let steal: Steal | null = null;
  let leader: { leader: string; view: number } | null = null;
  for (const event of events) {
    if (event.type !== 'protocolStep') continue;
    const quorum = event.quorum;
    if (quorum && quorum.group === object) {
      if (quorum.phase === 1) q1 = fold(q1, quorum, event.n);
      else q2 = fold(q2, quorum, event.n);
      // A ballot given up ends its phase 2 too.
      if (quorum.role === 'lost' && q2?.ballot === quorum.ballot && !q2.formed) q2 = { ...q2, lost: true };
    }
    const announced = event.leadership;
    if (announced && announced.group === object && (!leader || announced.view > leader.view)) {
      steal = { ballot: announced.view, from: leader?.leader ?? null, to: announced.leader, n: event.n };
      leader = { leader: announced.leader, view: announced.view };
    }
  }
  return { q1, q2, steal };
}

/** The round `step` belongs to, folded into `current` when it is the same one; a newer round replaces it. */
function fold(current: QuorumRound | null, step: QuorumStep, n: number): QuorumRound | null {
  const order = compareRounds(step, current);
  if (order < 0) return current;
  const round: QuorumRound =
    order > 0 || !current
      ? {
          phase: step.phase,
          ballot: step.ballot,
          slot: step.slot,
          leader: step.leader,
          asked: [],
          answered: [],
          refused: [],
          formed: null,
          zones: [],
          lost: false,
          n,
        }
      : { ...current, n };
  switch (step.role) {
    case 'asked':
      round.asked = union(round.asked, step.nodes);
      round.answered = union(round.answered, [step.leader]);
      break;
    case 'answered':
      round.answered = union(round.answered, step.nodes);
      break;
    case 'refused':
      round.refused = union(round.refused, step.nodes);
      break;
    case 'formed':
      round.formed = [...step.nodes].sort();
      round.zones = [...step.zones];
      round.answered = union(round.answered, step.nodes);
      break;
    case 'lost':
      round.lost = true;
      break;
  }
  return round;
}

/** Above 0 when `step` is of a newer round than `current`, 0 for the same round, below 0 for an older one. */
function compareRounds(step: QuorumStep, current: QuorumRound | null): number {
  if (!current) return 1;
  if (step.ballot !== current.ballot) return step.ballot - current.ballot;
  return step.slot - current.slot;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
