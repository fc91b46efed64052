/**
 * Leading an object: phase 2 only. Each new command gets the object's next slot; the leader accepts it
 * itself (synced in this Ready) and asks every member to accept it, and the slot is chosen once a Q2 (a
 * majority in F + 1 zones) accepted it. With F = 0 that is the leader's own zone: a write never waits
 * for a link between datacenters. The chosen slot goes to every member in a commit.
 */
import { timersOf } from '../multipaxos/timing';
import { describeCommand } from '../multipaxos/record';
import type { NodeId } from '../paxos/types';
import { broadcast, emit, groupOf, saveSlot, send, type Step } from './context';
import { isQ2, leaderOfBallot, majorityZones } from './grid';
import { advanceCommit, chosenFrom, markChosen } from './log';
import { roomFor } from './snapshot';
import { giveUp, startSteal, tryReconcile } from './steal';
import type {
  AcceptedMessage,
  Command,
  ForwardMessage,
  LeadState,
  ObjectState,
  SlotEntry,
  UntaggedCommand,
} from './types';

/** Accepts `command` at `slot` itself (synced in this Ready) and asks every member to accept it. */
export function proposeAt(step: Step, object: ObjectState, slot: number, command: Command): void {
  const lead = object.lead!;
  const { self } = step.state.config;
  saveSlot(step, object, { slot, ballot: lead.ballot, command, chosen: false }, true);
  const resendAtMs = step.state.nowMs + timersOf(step.state.config).resendMs;
  lead.proposals[slot] = { command, acks: [self], resendAtMs };
  if (command.kind === 'client') lead.proposedAttempts[command.attempt] = slot;
  const { tag } = command;
  const summary = describeCommand(command);
  const ballot = lead.ballot;
  const members = [...groupOf(step.state, object).members];
  const { key } = object;
  emit(step, {
    type: 'slotAccepted',
    key,
    slot,
    ballot,
    tag,
    command: summary,
    own: true,
    peer: self,
    members,
  });
  broadcast(step, object, {
    type: 'accept',
    ballotNumber: ballot,
    slot,
    command,
    commitPoint: object.commitPoint,
  });
}

/**
 * Gives a client command the next free slot, unless it is already in flight in this ballot, already
 * applied (its origin learns the outcome when it applies that slot), or past its deadline.
 */
export function proposeNew(
  step: Step,
  object: ObjectState,
  command: UntaggedCommand,
  deadlineMs: number,
): void {
  const lead = object.lead;
  if (!lead) return;
  if (lead.phase === 'stealing') {
    if (!lead.queue.some((queued) => queued.command.attempt === command.attempt)) {
      lead.queue.push({ command, deadlineMs });
    }
    return;
  }
  if (step.state.nowMs >= deadlineMs || lead.proposedAttempts[command.attempt] !== undefined) return;
  const { operation, requestId } = command;
  const applied = step.state.kv[operation.key]?.requests.some((request) => request.requestId === requestId);
  if (operation.kind !== 'get' && applied) return;
  // A slot holds something only if a commit from a higher ballot reached this node first.
  while (object.log[lead.nextSlot]) lead.nextSlot += 1;
  // The ring of slot records is full of unapplied slots: the request waits for its next resend.
  if (!roomFor(step, object, lead.nextSlot)) return;
  const slot = lead.nextSlot;
  lead.nextSlot += 1;
  proposeAt(step, object, slot, { ...command, tag: `${step.state.config.self}/${lead.ballot}/${slot}` });
}

export function onAccepted(step: Step, object: ObjectState, message: AcceptedMessage): void {
  const lead = object.lead;
  if (!lead) return;
  if (!message.ok) {
    if (message.promised > lead.ballot) giveUp(step, object, message.promised);
    return;
  }
  if (message.ballotNumber !== lead.ballot) return;
  const proposal = lead.proposals[message.slot];
  if (!proposal || proposal.acks.includes(message.from)) return;
  proposal.acks.push(message.from);
  const group = groupOf(step.state, object);
  if (!isQ2(group, proposal.acks, step.state.zoneFailures)) return;
  delete lead.proposals[message.slot];
  const entry: SlotEntry = {
    slot: message.slot,
    ballot: lead.ballot,
    command: proposal.command,
    chosen: true,
  };
  markChosen(step, object, entry, { zones: majorityZones(group, proposal.acks), acks: proposal.acks });
  advanceCommit(step, object);
  broadcastCommit(step, object, lead, [object.log[message.slot]!]);
}

/** Tells every member which slots just became chosen, with the leader's commit point. */
export function broadcastCommit(
  step: Step,
  object: ObjectState,
  lead: LeadState,
  entries: SlotEntry[],
): void {
  broadcast(step, object, {
    type: 'commit',
    ballotNumber: lead.ballot,
    entries,
    commitPoint: object.commitPoint,
  });
}

/**
 * A forwarded command: the leader orders it and answers with the chosen slots the origin lacks (so the
 * origin hears from its leader even when nothing new is chosen). A node that does not lead stays silent,
 * unless the object's newest ballot is its own from before a restart, or there is none: then it steals.
 */
export function onForward(step: Step, object: ObjectState, message: ForwardMessage): void {
  const { state } = step;
  const deadlineMs = state.nowMs + message.remainingMs;
  if (!object.lead) {
    const leader = leaderOfBallot(groupOf(state, object), object.leaderBallot);
    const orphaned = leader === null || leader === state.config.self;
    if (!orphaned || !object.relearned || state.nowMs < object.stealAfterMs) return;
    startSteal(step, object, 'noLeader');
  }
  const lead = object.lead!;
  proposeNew(step, object, message.command, deadlineMs);
  const entries = chosenFrom(object, message.commitPoint + 1);
  const { commitPoint } = object;
  send(step, object, message.from, { type: 'commit', ballotNumber: lead.ballot, entries, commitPoint });
}

/** Resends what is unanswered; a steal that found no Q1 in time is given up, to be tried again later. */
export function leaderTick(step: Step, object: ObjectState): void {
  const lead = object.lead!;
  const { nowMs } = step.state;
  const timers = timersOf(step.state.config);
  if (lead.phase === 'stealing') {
    if (nowMs - lead.startedAtMs >= timers.suspectMs + step.state.jitterMs) {
      giveUp(step, object, lead.ballot);
      return;
    }
    tryReconcile(step, object);
    if (object.lead !== lead || lead.phase !== 'stealing' || nowMs < lead.resendAtMs) return;
    lead.resendAtMs = nowMs + timers.resendMs;
    const prepare = { type: 'prepare', ballotNumber: lead.ballot, commitPoint: object.commitPoint } as const;
    resendTo(
      step,
      object,
      (to) => lead.promises[to] === undefined,
      () => prepare,
    );
    return;
  }
  for (const [slot, proposal] of Object.entries(lead.proposals)) {
    if (nowMs < proposal.resendAtMs) continue;
    proposal.resendAtMs = nowMs + timers.resendMs;
    const accept = () =>
      ({
        type: 'accept',
        ballotNumber: lead.ballot,
        slot: Number(slot),
        command: proposal.command,
        commitPoint: object.commitPoint,
      }) as const;
    resendTo(step, object, (to) => !proposal.acks.includes(to), accept);
  }
}

function resendTo(
  step: Step,
  object: ObjectState,
  needs: (to: NodeId) => boolean,
  message: () => Parameters<typeof send>[3],
): void {
  for (const to of groupOf(step.state, object).members) {
    if (to !== step.state.config.self && needs(to)) send(step, object, to, message());
  }
}
