/** QuorumKV (NWR, N=3, W=R=2) behind the protocol interface. */
import type { ProtocolCore } from '../protocol/protocol';
import { createQuorumNode, stepQuorum } from './node';
import { checkQuorumRecord, copyQuorumRecord } from './record';
import { formatCopy, formatQuorumEvent, formatQuorumMessage } from './quorum-text';
import type { QuorumEvent, QuorumMessage, QuorumNodeState, QuorumRecord } from './types';

export const quorumKv: ProtocolCore<QuorumNodeState, QuorumMessage, QuorumRecord, QuorumEvent> = {
  name: 'quorumkv',
  createNode: createQuorumNode,
  step: stepQuorum,
  checkRecord: checkQuorumRecord,
  copyRecord: copyQuorumRecord,
  isLearner: () => false,
  text: { message: formatQuorumMessage, record: formatCopy, event: formatQuorumEvent },
};

export type * from './types';
