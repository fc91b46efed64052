/**
 * The leader of a view. Phase 1 runs once per view over every slot above the leader's commit point:
 * with a majority of promises the leader re-proposes, slot by slot, the command accepted in the highest
 * view (or adopts one already chosen) and fills slots nobody accepted with no-ops, so nothing chosen
 * earlier is lost. Then each new command gets the next slot in phase 2 alone.
 */
import type { NodeId } from '../paxos/types';
import { broadcast, emit, majority, savePromise, saveSlot, send, type Step } from './context';
import { advanceCommit, markChosen, reportAbove } from './log';
import { describeCommand } from './record';
import { timersOf } from './timing';
import { becomeFollower, startViewChange } from './view-change';
import type {
  AcceptedMessage,
  CommitAckMessage,
  Command,
  ForwardMessage,
  GroupState,
  LeaderState,
  PromiseMessage,
  SlotEntry,
  UntaggedCommand,
} from './types';

/** Promises the view to itself (durably, in this Ready) and asks every member for its promise. */
export function startPhase1(step: Step, group: GroupState): void {
  const { state } = step;
  const { self } = state.config;
  const view = group.view;
  savePromise(step, group, view);
  group.status = 'normal';
  group.statusSinceMs = state.nowMs;
  group.leaderHeardAtMs = state.nowMs;
  group.leader = {
    view,
    phase: 'preparing',
    promises: { [self]: reportAbove(group, group.commitPoint) },
    proposals: {},
    nextSlot: group.commitPoint + 1,
    queue: [],
    proposedAttempts: {},
    heardAtMs: {},
    startedAtMs: state.nowMs,
    resendAtMs: state.nowMs + timersOf(state.config).resendMs,
    heartbeatAtMs: state.nowMs,
  };
  emit(step, { type: 'prepare', group: group.id, view, commitPoint: group.commitPoint });
  broadcast(step, group, { type: 'prepare', view, commitPoint: group.commitPoint });
}

export function onPromise(step: Step, group: GroupState, message: PromiseMessage): void {
  const leader = group.leader;
  if (!message.ok) {
    if (leader && message.promised > leader.view) supersede(step, group, message.promised);
    return;
  }
  if (!leader || leader.view !== message.view || leader.phase !== 'preparing') return;
  leader.promises[message.from] = message.entries;
  leader.heardAtMs[message.from] = step.state.nowMs;
  if (Object.keys(leader.promises).length >= majority(group)) reconcile(step, group, leader);
}

/** For each open slot, the entry phase 2 must carry: a chosen one, else the highest view's. */
function bestEntries(group: GroupState, leader: LeaderState): Map<number, SlotEntry> {
  const best = new Map<number, SlotEntry>();
  const own = reportAbove(group, group.commitPoint); // the leader's log now, catch-ups included
  for (const entries of [...Object.values(leader.promises), own]) {
    for (const entry of entries) {
      if (entry.slot <= group.commitPoint) continue;
      const current = best.get(entry.slot);
      const better = !current || (!current.chosen && (entry.chosen || entry.view > current.view));
      if (better) best.set(entry.slot, entry);
    }
  }
  return best;
}

function reconcile(step: Step, group: GroupState, leader: LeaderState): void {
  const best = bestEntries(group, leader);
  const top = Math.max(group.commitPoint, ...best.keys());
  leader.phase = 'serving';
  let filled = 0;
  for (let slot = group.commitPoint + 1; slot <= top; slot++) {
    const entry = best.get(slot);
    if (entry?.chosen) markChosen(step, group, entry);
    else if (entry) proposeAt(step, group, slot, entry.command);
    else {
      proposeAt(step, group, slot, { kind: 'noop', tag: tagOf(step, leader, slot) });
      emit(step, { type: 'noopFilled', group: group.id, slot, view: leader.view });
    }
    filled += 1;
  }
  leader.nextSlot = top + 1;
  const self = step.state.config.self;
  emit(step, { type: 'leaderElected', group: group.id, view: leader.view, leader: self, openSlots: filled });
  advanceCommit(step, group);
  broadcastCommit(step, group, leader);
  for (const queued of leader.queue.splice(0)) proposeNew(step, group, queued.command, queued.deadlineMs);
}

function tagOf(step: Step, leader: LeaderState, slot: number): string {
  return `${step.state.config.self}/${leader.view}/${slot}`;
}

/** Accepts `command` at `slot` itself (synced in this Ready) and asks every member to accept it. */
function proposeAt(step: Step, group: GroupState, slot: number, command: Command): void {
  const leader = group.leader!;
  const { self } = step.state.config;
  saveSlot(step, group, { slot, view: leader.view, command, chosen: false }, true);
  const resendAtMs = step.state.nowMs + timersOf(step.state.config).resendMs;
  leader.proposals[slot] = { command, acks: [self], resendAtMs };
  if (command.kind === 'client') leader.proposedAttempts[command.attempt] = slot;
  const summary = describeCommand(command);
  const { tag } = command;
  emit(step, { type: 'slotAccepted', group: group.id, slot, view: leader.view, tag, command: summary });
  const { commitPoint } = group;
  broadcast(step, group, { type: 'accept', view: leader.view, slot, command, commitPoint });
}

/**
 * Gives a client command the next free slot, unless it is already in flight in this view, already
 * applied (its origin learns the outcome when it applies that slot), or past its deadline.
 */
export function proposeNew(
  step: Step,
  group: GroupState,
  command: UntaggedCommand,
  deadlineMs: number,
): void {
  const leader = group.leader;
  if (!leader) return;
  if (leader.phase === 'preparing') {
    if (!leader.queue.some((queued) => queued.command.attempt === command.attempt)) {
      leader.queue.push({ command, deadlineMs });
    }
    return;
  }
  if (step.state.nowMs >= deadlineMs || leader.proposedAttempts[command.attempt] !== undefined) return;
  const { operation, requestId } = command;
  const applied = group.kv[operation.key]?.requests.some((request) => request.requestId === requestId);
  if (operation.kind !== 'get' && applied) return;
  // A slot holds something only if a later view chose it while this leader has not heard yet.
  while (group.log[leader.nextSlot]) leader.nextSlot += 1;
  const slot = leader.nextSlot;
  leader.nextSlot += 1;
  proposeAt(step, group, slot, { ...command, tag: tagOf(step, leader, slot) });
}

export function onAccepted(step: Step, group: GroupState, message: AcceptedMessage): void {
  const leader = group.leader;
  if (!leader) return;
  if (!message.ok) {
    if (message.promised > leader.view) supersede(step, group, message.promised);
    return;
  }
  if (message.view !== leader.view) return;
  leader.heardAtMs[message.from] = step.state.nowMs;
  const proposal = leader.proposals[message.slot];
  if (!proposal || proposal.acks.includes(message.from)) return;
  proposal.acks.push(message.from);
  if (proposal.acks.length < majority(group)) return;
  delete leader.proposals[message.slot];
  markChosen(step, group, { slot: message.slot, view: leader.view, command: proposal.command, chosen: true });
  const before = group.commitPoint;
  advanceCommit(step, group);
  if (group.commitPoint > before) broadcastCommit(step, group, leader);
}

export function onCommitAck(step: Step, group: GroupState, message: CommitAckMessage): void {
  const leader = group.leader;
  if (!leader || message.view !== leader.view) return;
  if (!message.ok && message.currentView > leader.view) {
    supersede(step, group, message.currentView);
    return;
  }
  leader.heardAtMs[message.from] = step.state.nowMs;
}

export function onForward(step: Step, group: GroupState, message: ForwardMessage): void {
  if (!group.leader) return; // the origin resends to whoever leads its view next
  proposeNew(step, group, message.command, step.state.nowMs + message.remainingMs);
}

/** A member promised or follows a higher view: this leader's view is over. */
export function supersede(step: Step, group: GroupState, view: number): void {
  group.leader = null;
  emit(step, { type: 'viewChange', group: group.id, view, reason: 'superseded' });
  becomeFollower(step, group, view);
}

export function broadcastCommit(step: Step, group: GroupState, leader: LeaderState): void {
  leader.heartbeatAtMs = step.state.nowMs + timersOf(step.state.config).heartbeatMs;
  broadcast(step, group, { type: 'commit', view: leader.view, commitPoint: group.commitPoint });
}

/** Resends what is unanswered, heartbeats, and steps down when a majority stopped answering. */
export function leaderTick(step: Step, group: GroupState): void {
  const leader = group.leader!;
  const { nowMs } = step.state;
  const timers = timersOf(step.state.config);
  if (leader.phase === 'preparing') {
    if (nowMs - leader.startedAtMs >= timers.suspectMs + group.jitterMs) {
      startViewChange(step, group, leader.view + 1, 'electionStalled');
    } else if (nowMs >= leader.resendAtMs) {
      leader.resendAtMs = nowMs + timers.resendMs;
      resendTo(step, group, (to) => leader.promises[to] === undefined, { type: 'prepare' });
    }
    return;
  }
  const heard = Object.values(leader.heardAtMs).filter((at) => nowMs - at < timers.suspectMs).length;
  if (nowMs - leader.startedAtMs >= timers.suspectMs && heard + 1 < majority(group)) {
    startViewChange(step, group, leader.view + 1, 'quorumLost');
    return;
  }
  for (const [slot, proposal] of Object.entries(leader.proposals)) {
    if (nowMs < proposal.resendAtMs) continue;
    proposal.resendAtMs = nowMs + timers.resendMs;
    const accept = { type: 'accept', slot: Number(slot), command: proposal.command } as const;
    resendTo(step, group, (to) => !proposal.acks.includes(to), accept);
  }
  if (nowMs >= leader.heartbeatAtMs) broadcastCommit(step, group, leader);
}

type Resend = { type: 'prepare' } | { type: 'accept'; slot: number; command: Command };

function resendTo(step: Step, group: GroupState, needs: (to: NodeId) => boolean, what: Resend): void {
  const leader = group.leader!;
  const { commitPoint } = group;
  for (const to of group.members) {
    if (to === step.state.config.self || !needs(to)) continue;
    if (what.type === 'prepare') send(step, group, to, { type: 'prepare', view: leader.view, commitPoint });
    else send(step, group, to, { ...what, view: leader.view, commitPoint });
  }
}
