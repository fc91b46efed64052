/**
 * WPaxos behind the protocol interface: building a node (fresh, restarted from its records, or on a wiped
 * disk) and routing each input to its handler.
 */
import { timersOf } from '../multipaxos/timing';
import type { CoreConfig } from '../paxos/types';
import { messageRejected } from '../protocol/input-rejection';
import { advanceClock, routeInput, startNodeBase } from '../protocol/node-base';
import type { NodeStart, ProtocolInput } from '../protocol/protocol';
import { createPrng, nextInt } from '../util/prng';
import { onAccept, onPrepare } from './acceptor';
import { driveAllPending, expirePending, onClient } from './clients';
import { beginStep, emit, finishStep, objectFor, type Ready, type Step } from './context';
import { zoneFailuresOf } from './grid';
import { leaderTick, onAccepted, onForward } from './leader';
import { relearnTick } from './learner';
import { applyNextChosen, onCatchUp, onCatchUpReply, onCommit } from './log';
import { checkWPaxosRecord } from './record';
import { adoptSnapshot } from './snapshot';
import { onPromise } from './steal';
import { validateMessage } from './validate';
import type { ObjectState, WPaxosMessage, WPaxosNodeState, WPaxosRecord } from './types';

/** Puts a record read back from disk into its object; a record that fails its check refuses the start. */
function restoreRecord(state: WPaxosNodeState, record: WPaxosRecord): void {
  const problem = checkWPaxosRecord(record);
  if (problem) throw new Error(`records["${record?.key}"]: ${problem}`);
  const object = objectFor(state, record.object);
  if (!object)
    throw new Error(`records["${record.key}"]: ${state.config.self} is not in the grid of ${record.object}`);
  if (record.kind === 'snapshot') {
    object.snapshot = { slot: record.slot, entry: record.entry, recentZones: record.recentZones };
    return;
  }
  if (record.kind === 'promise') {
    // A promise is written only by a node voting on the object: after a wipe, once it was relearned.
    object.relearned = true;
    object.promised = Math.max(object.promised, record.ballot);
    object.leaderBallot = object.promised;
    return;
  }
  const { slot, ballot, command, chosen } = record;
  object.log[slot] = { slot, ballot, command, chosen };
  object.maxSlot = Math.max(object.maxSlot, slot);
}

/**
 * Rebuilds the state machine and the locality window: from the snapshot when there is one (slot records
 * under it are stale: their ring places were not overwritten yet), then the chosen slots in order.
 */
function replay(state: WPaxosNodeState, object: ObjectState): void {
  if (object.snapshot) adoptSnapshot(state, object, object.snapshot);
  while (applyNextChosen(state, object));
}

export function createWPaxosNode(config: CoreConfig, start: NodeStart<WPaxosRecord>): WPaxosNodeState {
  const base = startNodeBase(config, start);
  const prng = createPrng(start.seed);
  const state: WPaxosNodeState = Object.assign(base, {
    prng,
    zoneFailures: zoneFailuresOf(config),
    objects: {},
    kv: {},
    pending: {},
    learnerFlagOnDisk: start.learnerOnly === true,
    jitterMs: nextInt(prng, 0, timersOf(config).jitterMsMax),
  });
  if (!config.groups.some((group) => group.members.includes(config.self))) {
    throw new Error(`config.self: ${config.self} is a member of no group in config.groups`);
  }
  for (const record of start.records ?? []) restoreRecord(state, record);
  for (const object of Object.values(state.objects)) replay(state, object);
  return state;
}

export function stepWPaxos(
  state: WPaxosNodeState,
  input: ProtocolInput<WPaxosMessage>,
): { state: WPaxosNodeState; ready: Ready } {
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
  for (const object of Object.values(state.objects)) {
    if (object.lead) leaderTick(step, object);
  }
  driveAllPending(step);
}

function onMessage(step: Step, message: WPaxosMessage): void {
  const problem = validateMessage(message, step.state);
  if (problem) {
    emit(step, messageRejected(message, problem));
    return;
  }
  const object = objectFor(step.state, message.key)!;
  if (!object.relearned && message.type !== 'catchUpReply') relearnTick(step, object);
  switch (message.type) {
    case 'prepare':
      return onPrepare(step, object, message);
    case 'promise':
      return onPromise(step, object, message);
    case 'accept':
      return onAccept(step, object, message);
    case 'accepted':
      return onAccepted(step, object, message);
    case 'commit':
      return onCommit(step, object, message);
    case 'forward':
      return onForward(step, object, message);
    case 'catchUp':
      return onCatchUp(step, object, message);
    case 'catchUpReply':
      return onCatchUpReply(step, object, message);
  }
}
