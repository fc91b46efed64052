/**
 * Leader multi-Paxos behind the protocol interface: building a node (fresh, restarted from its records,
 * or learner-only after a wiped disk) and routing each input to its handler.
 */
import type { CoreConfig, PlacementGroup } from '../paxos/types';
import { messageRejected } from '../protocol/input-rejection';
import { advanceClock, routeInput, startNodeBase } from '../protocol/node-base';
import type { NodeStart, ProtocolInput } from '../protocol/protocol';
import { createPrng, nextInt } from '../util/prng';
import { onAccept, onCommit, onPrepare } from './acceptor';
import { driveAllPending, expirePending, onClient } from './clients';
import { beginStep, emit, finishStep, type Ready, type Step } from './context';
import { leaderTick, onAccepted, onCommitAck, onForward, onPromise } from './leader';
import { freshLearner, learnerTick } from './learner';
import { onCatchUp, onCatchUpReply } from './log';
import { checkMultiPaxosRecord } from './record';
import { applyCommand } from './state-machine';
import { timersOf } from './timing';
import { validateMessage } from './validate';
import { onViewChange, viewTick } from './view-change';
import type { GroupState, MultiPaxosMessage, MultiPaxosNodeState, MultiPaxosRecord } from './types';

function freshGroup(group: PlacementGroup, nowMs: number, jitterMs: number): GroupState {
  return {
    id: group.id,
    members: [...group.members],
    promised: -1,
    log: {},
    maxSlot: 0,
    commitPoint: 0,
    kv: {},
    view: 0,
    status: 'normal',
    votes: {},
    statusSinceMs: nowMs,
    leaderHeardAtMs: nowMs,
    progressAtMs: nowMs,
    jitterMs,
    voteResendAtMs: nowMs,
    leader: null,
    catchUpAtMs: nowMs,
    learner: null,
  };
}

/** Puts a record read back from disk into its group; a record that fails its check refuses the start. */
function restoreRecord(state: MultiPaxosNodeState, record: MultiPaxosRecord): void {
  const problem = checkMultiPaxosRecord(record);
  if (problem) throw new Error(`records["${record?.key}"]: ${problem}`);
  const group = state.groups[record.group];
  if (!group)
    throw new Error(`records["${record.key}"]: ${state.config.self} is not in group ${record.group}`);
  if (record.kind === 'promise') {
    group.promised = Math.max(group.promised, record.view);
    return;
  }
  const { slot, view, command, chosen } = record;
  group.log[slot] = { slot, view, command, chosen };
  group.maxSlot = Math.max(group.maxSlot, slot);
}

/** Rebuilds the state machine by replaying the chosen slots, in order, from the first. */
function replay(state: MultiPaxosNodeState, group: GroupState): void {
  for (let next = group.log[group.commitPoint + 1]; next?.chosen; next = group.log[group.commitPoint + 1]) {
    group.commitPoint = next.slot;
    applyCommand(group.kv, next.command, next.slot, state.config.dedupWindow);
  }
  // A restarted node rejoins in the view it promised; it will not lead that view again.
  group.view = Math.max(group.promised, 0);
}

export function createMultiPaxosNode(
  config: CoreConfig,
  start: NodeStart<MultiPaxosRecord>,
): MultiPaxosNodeState {
  const state: MultiPaxosNodeState = Object.assign(startNodeBase(config, start), {
    prng: createPrng(start.seed),
    groups: {},
    pending: {},
    learnerFlagOnDisk: start.learnerOnly === true,
  });
  const { nowMs } = state;
  const jitterMax = timersOf(config).jitterMsMax;
  for (const group of config.groups) {
    if (!group.members.includes(config.self)) continue;
    state.groups[group.id] = freshGroup(group, nowMs, nextInt(state.prng, 0, jitterMax));
  }
  if (Object.keys(state.groups).length === 0) {
    throw new Error(`config.self: ${config.self} is a member of no group in config.groups`);
  }
  for (const record of start.records ?? []) restoreRecord(state, record);
  for (const group of Object.values(state.groups)) {
    replay(state, group);
    if (start.learnerOnly) group.learner = freshLearner(nowMs);
  }
  return state;
}

export function stepMultiPaxos(
  state: MultiPaxosNodeState,
  input: ProtocolInput<MultiPaxosMessage>,
): { state: MultiPaxosNodeState; ready: Ready } {
  const step = beginStep(state);
  routeInput(input, {
    tick: (nowMs) => onTick(step, nowMs),
    receive: (message) => onMessage(step, message),
    client: (request) => onClient(step, request),
    refuse: (event) => step.ready.events.push(event),
  });
  return finishStep(step);
}

function onTick(step: Step, nowMs: number): void {
  const { state } = step;
  const rejected = advanceClock(state, nowMs);
  if (rejected) {
    emit(step, rejected);
    return;
  }
  expirePending(step);
  for (const group of Object.values(state.groups)) {
    if (group.learner) learnerTick(step, group);
    else if (group.leader) leaderTick(step, group);
    viewTick(step, group);
  }
  driveAllPending(step);
}

function onMessage(step: Step, message: MultiPaxosMessage): void {
  const problem = validateMessage(message, step.state);
  if (problem) {
    emit(step, messageRejected(message, problem));
    return;
  }
  const group = step.state.groups[message.group]!;
  switch (message.type) {
    case 'viewChange':
      return onViewChange(step, group, message);
    case 'prepare':
      return onPrepare(step, group, message);
    case 'promise':
      return onPromise(step, group, message);
    case 'accept':
      return onAccept(step, group, message);
    case 'accepted':
      return onAccepted(step, group, message);
    case 'commit':
      return onCommit(step, group, message);
    case 'commitAck':
      return onCommitAck(step, group, message);
    case 'forward':
      return onForward(step, group, message);
    case 'catchUp':
      return onCatchUp(step, group, message);
    case 'catchUpReply':
      return onCatchUpReply(step, group, message);
  }
}
