/** WPaxos (grid quorums over zones, per-object leaders that steal objects) behind the protocol interface. */
import type { ProtocolCore } from '../protocol/protocol';
import { wPaxosLeadershipOf } from './leadership';
import { createWPaxosNode, stepWPaxos } from './node';
import { wPaxosQuorumStepOf } from './quorum';
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
  // After a wiped disk objects are relearned one by one, on first use (learner.ts): the node is a learner
  // while one it was asked about is still waiting for a member's report, and serves every other.
  isLearner: (state) =>
    state.learnerFlagOnDisk && Object.values(state.objects).some((object) => !object.relearned),
  text: {
    message: formatWPaxosMessage,
    record: formatWPaxosRecord,
    event: formatWPaxosEvent,
    caption: captionWPaxosEvent,
  },
  messageTypes: wPaxosMessageTypes,
  keyWriteSteps: ['slotChosen'],
  wire: wPaxosWire,
  leadershipOf: wPaxosLeadershipOf,
  quorumStepOf: wPaxosQuorumStepOf,
};

export { zoneOf, zoneMembers, isQ1, isQ2, majorityZones } from './grid';
export type * from './types';
