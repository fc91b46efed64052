/**
 * InspectKey: one replica's durable record for a key, with what the console's lens shows beside it.
 * PaxosKV answers with its PLog (record, header, proposer phase); another protocol with its record in
 * the generic envelope (protocol_record), when its state keeps one record per key, and with the key's
 * group's log (log_json), when it orders commands in one (ProtocolCore.describeLog).
 */
import { roleOf, utf8Bytes } from '../../../app/paxos/placement';
import { headerOf } from '../../../app/paxos/plog';
import type { NodeState } from '../../../app/paxos/types';
import type { KeyedRecord } from '../../../app/protocol/protocol';
import type { ProtocolName } from '../../../app/protocol/protocol';
import { protocolNamed, type AnyNodeState } from '../../../app/protocol/registry';
import type { InspectKeyResponse } from '../../../app/proto/generated/control';
import { protocolRecordToData } from '../../../app/proto/protocol-envelope';
import { keyRecordToData } from '../storage/record-codec';
import { ControlArgumentError } from './control-errors';

export function inspectKey(state: AnyNodeState, protocol: ProtocolName, key: string): InspectKeyResponse {
  const keyBytesMax = state.config.limits.keyBytesMax;
  if (key === '') throw new ControlArgumentError('key', 'must not be empty');
  const bytes = utf8Bytes(key).length;
  if (bytes > keyBytesMax) {
    throw new ControlArgumentError('key', `${bytes} bytes exceeds the limit of ${keyBytesMax}`, keyBytesMax);
  }
  const replica = roleOf(state.config.groups, key, state.config.self) !== null;
  if ('proposers' in state) return inspectPaxosKey(state, key, replica);
  const record = keyedRecordOf(state, key);
  const log = protocolNamed(protocol).describeLog?.(state, key) ?? null;
  return {
    found: record !== null,
    record: undefined,
    header: undefined,
    proposerPhase: 'idle',
    replica,
    protocolRecord: record ? protocolRecordToData(protocol, record) : undefined,
    logJson: log ? JSON.stringify(log) : '',
  };
}

function inspectPaxosKey(state: NodeState, key: string, replica: boolean): InspectKeyResponse {
  const record = state.records[key];
  const proposerPhase = state.proposers[key]?.phase ?? 'idle';
  if (!record) {
    return {
      found: false,
      record: undefined,
      header: undefined,
      proposerPhase,
      replica,
      protocolRecord: undefined,
      logJson: '',
    };
  }
  return {
    found: true,
    record: keyRecordToData(record),
    header: headerOf(record),
    proposerPhase,
    replica,
    protocolRecord: undefined,
    logJson: '',
  };
}

/** The key's record in a state that keeps its records by key (QuorumKV's copies); null otherwise. */
function keyedRecordOf(state: AnyNodeState, key: string): KeyedRecord | null {
  const records = (state as { records?: unknown }).records;
  if (typeof records !== 'object' || records === null || !Object.hasOwn(records, key)) return null;
  const record = (records as Record<string, unknown>)[key] as KeyedRecord | undefined;
  return record && record.key === key ? record : null;
}
