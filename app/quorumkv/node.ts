/**
 * QuorumKV's core. The node a client asks coordinates: it numbers a write from its own copy of the key
 * (version + 1), stores it, sends it to the other two replicas and answers once W=2 hold it; the third
 * gets it whenever its copy arrives. A read asks the other two, answers from the newest of R=2 copies
 * and repairs a stale replica in the background. Nothing orders concurrent writes: two coordinators
 * can write the same version with different values, and a write that failed stays stored where it
 * landed. Those are the anomalies the checker is expected to find.
 */
import { assert } from '../util/assert';
import { routeInput, startNodeBase } from '../protocol/node-base';
import type { NodeStart, ProtocolInput } from '../protocol/protocol';
import type { CoreConfig } from '../paxos/types';
import { onClient } from './coordinator';
import { checkQuorumRecord } from './record';
import { onMessage } from './replica';
import { expire, resend } from './rounds';
import type { Ready, Step } from './step-context';
import type { QuorumMessage, QuorumNodeState, QuorumRecord } from './types';

export function createQuorumNode(config: CoreConfig, start: NodeStart<QuorumRecord>): QuorumNodeState {
  const state: QuorumNodeState = Object.assign(startNodeBase(config, start), {
    records: {},
    coordinating: {},
    replicating: {},
    clearLearnerFlag: start.learnerOnly === true,
  });
  for (const record of start.records ?? []) {
    const problem = checkQuorumRecord(record);
    if (problem) throw new Error(`records["${record.key}"]: ${problem}`);
    state.records[record.key] = record;
  }
  return state;
}

export function stepQuorum(
  state: QuorumNodeState,
  input: ProtocolInput<QuorumMessage>,
): { state: QuorumNodeState; ready: Ready } {
  const ready: Ready = { persist: [], meta: null, mustSync: false, messages: [], replies: [], events: [] };
  const step: Step = { state, ready, written: new Set() };
  if (state.clearLearnerFlag) {
    // QuorumKV has no learner mode: a wiped replica serves at once with whatever it gets sent.
    state.clearLearnerFlag = false;
    ready.meta = { learnerOnly: false };
    ready.mustSync = true;
  }
  routeInput(input, {
    tick: (nowMs) => {
      state.nowMs = Math.max(state.nowMs, nowMs);
      expire(step);
      resend(step);
    },
    receive: (message) => onMessage(step, message),
    client: (request) => onClient(step, request),
    refuse: (event) => step.ready.events.push(event),
  });
  for (const key of step.written) {
    const record = state.records[key]!;
    assert(checkQuorumRecord(record) === null, () => `record ${key}: ${checkQuorumRecord(record)}`);
    ready.persist.push({ key, record });
    ready.mustSync = true;
  }
  return { state, ready };
}
