/** PaxosCertain (PaxosStore's PLog + DB design, semi-symmetric messages) behind the protocol interface. */
import type { ProtocolCore } from '../protocol/protocol';
import {
  captionCertainEvent,
  formatCertainEvent,
  formatCertainMessage,
  formatCertainRecord,
} from './certain-text';
import { describeCertainLog } from './describe';
import { createCertainNode, stepCertain } from './node';
import { checkCertainRecord, copyCertainRecord } from './record';
import {
  certainMessageTypes,
  type CertainEvent,
  type CertainMessage,
  type CertainNodeState,
  type CertainRecord,
} from './types';
import { certainWire } from './wire';

export const certain: ProtocolCore<CertainNodeState, CertainMessage, CertainRecord, CertainEvent> = {
  name: 'certain',
  createNode: createCertainNode,
  step: stepCertain,
  checkRecord: checkCertainRecord,
  copyRecord: copyCertainRecord,
  isLearner: (state) =>
    state.wiped && Object.values(state.entities).some((entity) => entity.relearning !== null),
  text: {
    message: formatCertainMessage,
    record: formatCertainRecord,
    event: formatCertainEvent,
    caption: captionCertainEvent,
  },
  messageTypes: certainMessageTypes,
  keyWriteSteps: ['applied'],
  describeLog: describeCertainLog,
  wire: certainWire,
};

export type * from './types';
