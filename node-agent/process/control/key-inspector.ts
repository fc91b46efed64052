/** InspectKey: one replica's durable PLog for a key, with what the console's PLog lens shows beside it. */
import { roleOf, utf8Bytes } from '../../../app/paxos/placement';
import { headerOf } from '../../../app/paxos/plog';
import type { NodeState } from '../../../app/paxos/types';
import type { InspectKeyResponse } from '../../../app/proto/generated/control';
import { keyRecordToData } from '../storage/record-codec';
import { ControlArgumentError } from './control-errors';

export function inspectKey(state: NodeState, key: string): InspectKeyResponse {
  const keyBytesMax = state.config.limits.keyBytesMax;
  if (key === '') throw new ControlArgumentError('key', 'must not be empty');
  const bytes = utf8Bytes(key).length;
  if (bytes > keyBytesMax) {
    throw new ControlArgumentError('key', `${bytes} bytes exceeds the limit of ${keyBytesMax}`, keyBytesMax);
  }
  const record = state.records[key];
  const replica = roleOf(state.config.groups, key, state.config.self) !== null;
  const proposerPhase = state.proposers[key]?.phase ?? 'idle';
  if (!record) {
    return { found: false, record: undefined, header: undefined, proposerPhase, replica };
  }
  return { found: true, record: keyRecordToData(record), header: headerOf(record), proposerPhase, replica };
}
