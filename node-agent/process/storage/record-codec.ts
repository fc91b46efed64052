/**
 * KeyRecord and AgentMeta <-> bytes: one format-version byte, then the protobuf messages of
 * app/proto/plog_record.proto. Decoding checks every field and the core's record invariants, so a
 * damaged record stops recovery with the key named instead of becoming a forgotten promise. Another
 * protocol's records have their own format byte and envelope (protocol-record-codec.ts); each side
 * tells the other's records apart, so an agent never reads a record of the wrong protocol.
 */
import { checkRecordInvariants } from '../../../app/paxos/invariants';
import type { ChosenSummary, Instance, KeyRecord } from '../../../app/paxos/types';
import {
  AgentMetaData,
  KeyRecordData,
  ProtocolRecordData,
  type ChosenSummaryRecord,
  type InstanceRecord,
} from '../../../app/proto/generated/plog_record';
import {
  checkBallot,
  checkCount,
  checkEntryValue,
  checkId,
  checkNodeId,
} from '../../../app/proto/wire-checks';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import { CorruptRecordError, ForeignRecordError } from './corrupt-record-error';
import type { AgentMeta, RecordCodec } from './plog-store';

/** Bump when the stored layout changes; an unknown version refuses to load rather than guess. */
export const recordFormatVersion = 1;

/** The format byte of a record in the generic envelope (ProtocolRecordData): any other protocol's. */
export const protocolRecordFormat = 2;

export const metaRecordName = '(agent meta)';

function withVersionByte(body: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(body.length + 1);
  bytes[0] = recordFormatVersion;
  bytes.set(body, 1);
  return bytes;
}

/** Strips and checks the version byte, then parses with `decode`; any failure names `recordName`. */
function decodeVersioned<T>(bytes: Uint8Array, recordName: string, decode: (body: Uint8Array) => T): T {
  if (bytes.length === 0) throw new CorruptRecordError(recordName, 'record is empty');
  if (bytes[0] !== recordFormatVersion) {
    throw new CorruptRecordError(
      recordName,
      `format version ${bytes[0]} is not the supported version ${recordFormatVersion}`,
    );
  }
  try {
    return decode(bytes.subarray(1));
  } catch (error) {
    if (error instanceof WireFormatError) throw new CorruptRecordError(recordName, error.message);
    const reason = error instanceof Error ? error.message : String(error);
    throw new CorruptRecordError(recordName, `does not parse: ${reason}`);
  }
}

/** The record in its protobuf form (also what ControlService.InspectKey answers with). */
export function keyRecordToData(record: KeyRecord): KeyRecordData {
  return {
    key: record.key,
    instances: record.instances.map((instance) => ({
      index: instance.index,
      promised: instance.promised,
      accepted: instance.accepted ?? undefined,
      value: instance.value ?? undefined,
      chosen: instance.chosen,
    })),
    recent: record.recent,
  };
}

export function encodeKeyRecord(record: KeyRecord): Uint8Array {
  return withVersionByte(KeyRecordData.encode(keyRecordToData(record)).finish());
}

function instanceFromData(data: InstanceRecord, field: string): Instance {
  return {
    index: checkCount(data.index, `${field}.index`),
    promised: checkBallot(data.promised, `${field}.promised`),
    accepted: data.accepted === undefined ? null : checkBallot(data.accepted, `${field}.accepted`),
    value: data.value === undefined ? null : checkEntryValue(data.value, `${field}.value`),
    chosen: data.chosen,
  };
}

function summaryFromData(data: ChosenSummaryRecord, field: string): ChosenSummary {
  return {
    index: checkCount(data.index, `${field}.index`),
    requestId: checkId(data.requestId, `${field}.requestId`, true),
    version: checkCount(data.version, `${field}.version`),
    deleted: data.deleted,
    owner: checkNodeId(data.owner, `${field}.owner`),
  };
}

/**
 * Decodes the record stored under `storedKey`; throws CorruptRecordError naming that key, or
 * ForeignRecordError for a record another protocol wrote.
 */
export function decodeKeyRecord(bytes: Uint8Array, storedKey: string): KeyRecord {
  if (bytes[0] === protocolRecordFormat) throw foreignRecord(bytes, storedKey, 'paxoskv');
  const record = decodeVersioned(bytes, storedKey, (body) => {
    const data = KeyRecordData.decode(body);
    return {
      key: data.key,
      instances: data.instances.map((instance, i) => instanceFromData(instance, `instances[${i}]`)),
      recent: data.recent.map((summary, i) => summaryFromData(summary, `recent[${i}]`)),
    };
  });
  if (record.key !== storedKey) {
    throw new CorruptRecordError(storedKey, `record names key ${JSON.stringify(record.key)} instead`);
  }
  const problem = checkRecordInvariants(record);
  if (problem !== null) throw new CorruptRecordError(storedKey, problem);
  return record;
}

export function encodeAgentMeta(meta: AgentMeta): Uint8Array {
  return withVersionByte(
    AgentMetaData.encode({
      learnerOnly: meta.learnerOnly,
      clusterName: meta.clusterName,
      createdAtMs: meta.createdAtMs,
      protocol: meta.protocol,
    }).finish(),
  );
}

export function decodeAgentMeta(bytes: Uint8Array): AgentMeta {
  return decodeVersioned(bytes, metaRecordName, (body) => {
    const data = AgentMetaData.decode(body);
    const meta: AgentMeta = {
      learnerOnly: data.learnerOnly,
      createdAtMs: checkCount(data.createdAtMs, 'createdAtMs'),
    };
    if (data.clusterName !== undefined) meta.clusterName = data.clusterName;
    if (data.protocol !== undefined) meta.protocol = data.protocol;
    return meta;
  });
}

/** The protocol a record in the generic envelope names, for the error that refuses it. */
export function foreignRecord(bytes: Uint8Array, storedKey: string, running: string): Error {
  let protocol: string;
  try {
    protocol = ProtocolRecordData.decode(bytes.subarray(1)).protocol || '(unnamed)';
  } catch {
    return new CorruptRecordError(storedKey, 'record in the protocol envelope does not parse');
  }
  return new ForeignRecordError(storedKey, protocol, running);
}

/** PaxosKV's records, stored exactly as before protocols had names. */
export const paxosRecordCodec: RecordCodec<KeyRecord> = {
  protocol: 'paxoskv',
  encode: encodeKeyRecord,
  decode: decodeKeyRecord,
  check: checkRecordInvariants,
};
