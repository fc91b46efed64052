/**
 * The --corrupt fault: flips one bit (0x20, so a letter changes case) of the first byte of a key's
 * newest chosen value in the agent's LevelDB record, as bit rot would. The record still decodes: only
 * a comparison with the key's other replicas can tell it is wrong, which is what the verifier does.
 */
import { newestChosen } from '../../../app/paxos/plog';
import type { Instance, KeyRecord } from '../../../app/paxos/types';
import { assert } from '../../../app/util/assert';
import { ControlArgumentError } from '../control/control-errors';
import type { RawRecords } from './raw-records';
import { decodeKeyRecord, encodeKeyRecord } from './record-codec';

export interface Corruption {
  /** The chosen entry whose value changed. */
  index: number;
  /** The changed byte's offset in the stored record. */
  offset: number;
  before: number;
  after: number;
}

const flipMask = 0x20;

export async function corruptChosenValue(raw: RawRecords, key: string): Promise<Corruption> {
  const bytes = await raw.readRaw(key);
  if (bytes === undefined) throw new ControlArgumentError('key', 'has no record on this agent');
  const record = decodeKeyRecord(bytes, key);
  const chosen = newestChosen(record);
  if (!chosen?.value || chosen.value.data.length === 0) {
    throw new ControlArgumentError('key', 'has no chosen value with a byte to flip on this agent');
  }
  const data = chosen.value.data.slice();
  const before = data[0]!;
  data[0] = before ^ flipMask;
  const flipped: Instance = { ...chosen, value: { ...chosen.value, data } };
  const corrupt: KeyRecord = {
    ...record,
    instances: record.instances.map((instance) => (instance.index === chosen.index ? flipped : instance)),
  };
  const good = encodeKeyRecord(record);
  const written = encodeKeyRecord(corrupt);
  const offset = good.findIndex((byte, i) => byte !== written[i]);
  assert(
    good.length === written.length &&
      offset >= 0 &&
      good.findLastIndex((byte, i) => byte !== written[i]) === offset,
    'a flipped value byte changes exactly one stored byte',
  );
  await raw.writeRaw(key, written);
  return { index: chosen.index, offset, before, after: before ^ flipMask };
}
