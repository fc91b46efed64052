/** WPaxos (grid quorums over zones, per-object leaders that steal objects) behind the protocol interface. */
import type { ProtocolCore } from '../protocol/protocol';
import { createWPaxosNode, stepWPaxos } from './node';
import { checkWPaxosRecord, copyWPaxosRecord } from './record';
import type { WPaxosEvent, WPaxosMessage, WPaxosNodeState, WPaxosRecord } from './types';
import { wPaxosMessageTypes, wPaxosWire } from './wire';
import {
  captionWPaxosEvent,
  formatWPaxosEvent,
  formatWPaxosMessage,
  formatWPaxosRecord,
} from './wpaxos-text';

export const wPaxos: ProtocolCore<WPaxosNodeState, WPaxosMessage, WPaxosRecord, WPaxosEvent> = {
  name: 'wpaxos',
  createNode: createWPaxosNode,
  step: stepWPaxos,
  checkRecord: checkWPaxosRecord,
  copyRecord: copyWPaxosRecord,
  isLearner: (state) => state.learnerFlagOnDisk,
  text: {
    message: formatWPaxosMessage,
    record: formatWPaxosRecord,
    event: formatWPaxosEvent,
    caption: captionWPaxosEvent,
  },
  messageTypes: wPaxosMessageTypes,
  keyWriteSteps: ['slotChosen'],
  wire: wPaxosWire,
};

export { zoneOf, zoneMembers, isQ1, isQ2, majorityZones } from './grid';
export type * from './types';
