/** Image records and the hash index: encodings, Hamming distance, nearest-hash search. */
import { describe, expect, it } from 'vitest';
import {
  checkMetadata,
  decodeImageIndex,
  decodeImageRecord,
  encodeImageRecord,
  evaluateIndexHash,
  hammingDistance,
  nearestHashes,
} from '../../../app/kv/structures/image-record';
import { CorruptValueError } from '../../../app/kv/structures/structure-value';
import { FieldError } from '../../../app/util/field-error';

describe('image records', () => {
  it('round-trips a record under its own hash key and refuses one under another key', () => {
    const record = {
      hash: '00ff00ff00ff00ff',
      metadata: 'a cat',
      width: 64,
      height: 48,
      type: 'png' as const,
    };
    const value = encodeImageRecord(record);
    expect(decodeImageRecord('image/00ff00ff00ff00ff', value)).toEqual(record);
    expect(() => decodeImageRecord('image/0000000000000000', value)).toThrow(CorruptValueError);
  });

  it('counts differing bits and finds the nearest indexed hashes', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000ff', '0000000000000001')).toBe(7);
    const hashes = ['0000000000000003', '000000000000000f', 'f000000000000000'];
    expect(nearestHashes(hashes, '0000000000000001', 3)).toEqual([
      { hash: '0000000000000003', distance: 1 },
      { hash: '000000000000000f', distance: 3 },
    ]);
  });

  it('indexes a hash once, sorted, and says so when the index is full', () => {
    const key = 'image/index';
    const first = evaluateIndexHash(key, { version: 0, value: null }, 'ffffffffffffffff', 4096);
    if (first.kind !== 'write') throw new Error('expected a write');
    const second = evaluateIndexHash(key, { version: 1, value: first.value }, '0000000000000000', 4096);
    if (second.kind !== 'write') throw new Error('expected a write');
    expect(decodeImageIndex(key, second.value)).toEqual(['0000000000000000', 'ffffffffffffffff']);
    expect(evaluateIndexHash(key, { version: 2, value: second.value }, 'ffffffffffffffff', 4096)).toEqual({
      kind: 'answer',
      answer: false,
    });
    expect(() => evaluateIndexHash(key, { version: 2, value: second.value }, '1111111111111111', 80)).toThrow(
      FieldError,
    );
  });

  it('refuses metadata that cannot fit one value', () => {
    expect(() => checkMetadata('m'.repeat(100), 4096)).not.toThrow();
    expect(() => checkMetadata('m'.repeat(5000), 4096)).toThrow(/METADATA: must be at most \d+ bytes/);
  });
});
