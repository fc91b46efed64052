/**
 * QuorumKV's replica side: it stores a copy newer than its own (or says it holds a newer one), answers
 * reads with its copy, and hands acknowledgements and read replies back to the coordinator.
 */
import { checkKey } from '../paxos/validate';
import { finishWrite, onReadReply } from './coordinator';
import { isNewer } from './record';
import { settleReplication } from './rounds';
import { recordOf, send, store, type Step } from './step-context';
import type { QuorumMessage } from './types';

export function onMessage(step: Step, message: QuorumMessage): void {
  const { state } = step;
  const problem = checkKey(message.key, 'key', state.config);
  if (problem) {
    step.ready.events.push({
      type: 'inputRejected',
      field: problem.field,
      reason: problem.reason,
      peer: message.from,
    });
    return;
  }
  switch (message.type) {
    case 'replicaWrite': {
      const local = recordOf(state, message.key);
      const stored = isNewer(message.record, local);
      if (stored) {
        store(step, message.record);
        const { version } = message.record;
        step.ready.events.push({
          type: 'replicaStored',
          key: message.key,
          version,
          requestId: message.requestId,
          peer: message.from,
        });
      } else if (local.version !== message.record.version || local.writer !== message.record.writer) {
        const event = {
          type: 'replicaRefused',
          key: message.key,
          version: message.record.version,
          newer: local.version,
          peer: message.from,
        } as const;
        step.ready.events.push(event);
      }
      if (message.requestId === '') return; // a read repair: nobody waits for the ack
      const ok =
        stored || (local.version === message.record.version && local.writer === message.record.writer);
      const version = recordOf(state, message.key).version;
      send(step, {
        type: 'replicaWriteAck',
        to: message.from,
        key: message.key,
        requestId: message.requestId,
        ok,
        version,
      });
      return;
    }
    case 'replicaWriteAck': {
      settleReplication(state, message.requestId, message.from);
      const coordination = state.coordinating[message.requestId];
      if (!coordination || coordination.request.operation.kind === 'get') return;
      if (coordination.answered.includes(message.from) || coordination.refused.includes(message.from)) return;
      (message.ok ? coordination.answered : coordination.refused).push(message.from);
      finishWrite(step, coordination);
      return;
    }
    case 'replicaRead':
      send(step, {
        type: 'replicaReadReply',
        to: message.from,
        key: message.key,
        requestId: message.requestId,
        record: recordOf(state, message.key),
      });
      return;
    case 'replicaReadReply':
      onReadReply(step, message.from, message.key, message.requestId, message.record);
      return;
  }
}
