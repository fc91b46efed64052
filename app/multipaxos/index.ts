/** Leader-based multi-Paxos (the PaxStore student report's design, made safe) behind the protocol interface. */
import type { ProtocolCore } from '../protocol/protocol';
import { describeKeyLog, leadershipOf } from './describe';
import {
  captionMultiPaxosEvent,
  formatMultiPaxosEvent,
  formatMultiPaxosMessage,
  formatMultiPaxosRecord,
} from './multipaxos-text';
import { createMultiPaxosNode, stepMultiPaxos } from './node';
import { checkMultiPaxosRecord, copyMultiPaxosRecord } from './record';
import type { MultiPaxosEvent, MultiPaxosMessage, MultiPaxosNodeState, MultiPaxosRecord } from './types';
import { multiPaxosMessageTypes, multiPaxosWire } from './wire';

export const multiPaxos: ProtocolCore<
  MultiPaxosNodeState,
  MultiPaxosMessage,
  MultiPaxosRecord,
  MultiPaxosEvent
> = {
  name: 'multipaxos',
  createNode: createMultiPaxosNode,
  step: stepMultiPaxos,
  checkRecord: checkMultiPaxosRecord,
  copyRecord: copyMultiPaxosRecord,
  isLearner: (state) => Object.values(state.groups).some((group) => group.learner !== null),
  text: {
    message: formatMultiPaxosMessage,
    record: formatMultiPaxosRecord,
    event: formatMultiPaxosEvent,
    caption: captionMultiPaxosEvent,
  },
  messageTypes: multiPaxosMessageTypes,
  wire: multiPaxosWire,
  // The lens follows the key of the newest slot applied: it shows that key's group's log, the same
  // log whichever key of the group it is (a read takes a slot too).
  keyWriteSteps: ['slotApplied'],
  leadershipOf,
  describeLog: (state, key) => describeKeyLog(state, key),
};

export { describeLog, type GroupLog, type SlotRow } from './describe';
export { formatCommand, formatSlot } from './multipaxos-text';
export { timersOf, type MultiPaxosTimers } from './timing';
export type * from './types';
export { multiPaxosMessageTypes, multiPaxosWire } from './wire';
