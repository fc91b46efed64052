/**
 * The records of any protocol but PaxosKV on disk: the format byte `protocolRecordFormat`, then a
 * ProtocolRecordData (app/proto/plog_record.proto) naming the protocol and the key around the record's
 * JSON body. Decoding checks the envelope, the protocol's wire description and then the core's own
 * checkRecord, so a damaged record stops recovery with the key named, and a record another protocol
 * wrote (PaxosKV's format byte, or another name in the envelope) is a ForeignRecordError.
 */
import type { KeyedRecord, ProtocolCore } from '../../../app/protocol/protocol';
import type { ProtocolWire } from '../../../app/protocol/protocol-wire';
import { ProtocolRecordData } from '../../../app/proto/generated/plog_record';
import { protocolRecordFromData, protocolRecordToData } from '../../../app/proto/protocol-envelope';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import { CorruptRecordError, ForeignRecordError } from './corrupt-record-error';
import type { RecordCodec } from './plog-store';
import { protocolRecordFormat, recordFormatVersion } from './record-codec';

/** What the codec needs of a core: its name, its record check and its wire description. */
export type RecordCore<Rec extends KeyedRecord> = Pick<
  ProtocolCore<unknown, never, Rec, unknown>,
  'name' | 'checkRecord'
> & { wire: Pick<ProtocolWire<never, Rec>, 'recordFromBody'> };

export function protocolRecordCodec<Rec extends KeyedRecord>(core: RecordCore<Rec>): RecordCodec<Rec> {
  const protocol = core.name;
  return {
    protocol,
    encode(record) {
      const body = ProtocolRecordData.encode(protocolRecordToData(protocol, record)).finish();
      const bytes = new Uint8Array(body.length + 1);
      bytes[0] = protocolRecordFormat;
      bytes.set(body, 1);
      return bytes;
    },
    decode(bytes, storedKey) {
      const data = envelopeOf(bytes, storedKey, protocol);
      if (data.protocol !== protocol) throw new ForeignRecordError(storedKey, data.protocol, protocol);
      if (data.key !== storedKey) {
        throw new CorruptRecordError(storedKey, `record names key ${JSON.stringify(data.key)} instead`);
      }
      let record: Rec;
      try {
        record = protocolRecordFromData(protocol, core.wire, data);
      } catch (error) {
        if (error instanceof WireFormatError) throw new CorruptRecordError(storedKey, error.message);
        throw error;
      }
      const problem = core.checkRecord(record);
      if (problem !== null) throw new CorruptRecordError(storedKey, problem);
      return record;
    },
    check: (record) => core.checkRecord(record),
  };
}

function envelopeOf(bytes: Uint8Array, storedKey: string, protocol: string): ProtocolRecordData {
  if (bytes.length === 0) throw new CorruptRecordError(storedKey, 'record is empty');
  if (bytes[0] === recordFormatVersion) throw new ForeignRecordError(storedKey, 'paxoskv', protocol);
  if (bytes[0] !== protocolRecordFormat) {
    throw new CorruptRecordError(
      storedKey,
      `format byte ${bytes[0]} is neither PaxosKV's (${recordFormatVersion}) nor the protocol envelope's (${protocolRecordFormat})`,
    );
  }
  try {
    return ProtocolRecordData.decode(bytes.subarray(1));
  } catch (error) {
    throw new CorruptRecordError(storedKey, `does not parse: ${(error as Error).message}`);
  }
}
