/** QuorumKV (NWR, N=3, W=R=2) behind the protocol interface. */
import type { ProtocolCore } from '../protocol/protocol';
import { createQuorumNode, stepQuorum } from './node';
import { checkQuorumRecord, copyQuorumRecord } from './record';
import { captionQuorumEvent, formatCopy, formatQuorumEvent, formatQuorumMessage } from './quorum-text';
import {
  quorumMessageTypes,
  type QuorumEvent,
  type QuorumMessage,
  type QuorumNodeState,
  type QuorumRecord,
} from './types';
import { quorumWire } from './wire';

export const quorumKv: ProtocolCore<QuorumNodeState, QuorumMessage, QuorumRecord, QuorumEvent> = {
  name: 'quorumkv',
  createNode: createQuorumNode,
  step: stepQuorum,
  checkRecord: checkQuorumRecord,
  copyRecord: copyQuorumRecord,
  isLearner: () => false,
  text: {
    message: formatQuorumMessage,
    record: formatCopy,
    event: formatQuorumEvent,
    caption: captionQuorumEvent,
  },
  messageTypes: quorumMessageTypes,
  keyWriteSteps: ['quorumWrite'],
  wire: quorumWire,
};

export type * from './types';
