/** PaxosKV behind the protocol interface: the same core, named. */
import type { ProtocolCore } from '../protocol/protocol';
import { checkRecordInvariants } from './invariants';
import { createNodeState, step } from './node';
import { formatEvent, formatMessage, formatRecord } from './paxos-text';
import { peerMessageTypes } from './peer-messages';
import type { CoreEvent, KeyRecord, NodeState, PeerMessage } from './types';

/**
 * A deep copy of a record; faster than structuredClone, which serialises the value bytes. Spreads keep
 * any field the core adds later; arrays inside a value are copied so a copy never shares them.
 */
export function copyKeyRecord(record: KeyRecord): KeyRecord {
  return {
    ...record,
    instances: record.instances.map((instance) => ({
      ...instance,
      promised: { ...instance.promised },
      accepted: instance.accepted && { ...instance.accepted },
      value: instance.value && {
        ...instance.value,
        data: instance.value.data.slice(),
        requests: instance.value.requests.map((applied) => ({ ...applied })),
      },
    })),
    recent: record.recent.map((summary) => ({ ...summary })),
  };
}

export const paxosKv: ProtocolCore<NodeState, PeerMessage, KeyRecord, CoreEvent> = {
  name: 'paxoskv',
  createNode: createNodeState,
  step,
  checkRecord: checkRecordInvariants,
  copyRecord: copyKeyRecord,
  isLearner: (state) => state.learner !== null,
  text: {
    message: formatMessage,
    record: formatRecord,
    event: (event) => (event.type === 'replied' ? null : formatEvent(event)),
  },
  messageTypes: peerMessageTypes,
};
