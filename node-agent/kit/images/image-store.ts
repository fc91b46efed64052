/**
 * Image keys: `set` stores metadata under the image's average hash (image/HASH) and lists the hash in
 * image/index; `get` finds the metadata of the same picture (same hash), or with `distanceMax` > 0 of
 * the indexed picture whose hash differs in the fewest bits, up to that many.
 */
import {
  checkMetadata,
  decodeImageIndex,
  decodeImageRecord,
  encodeImageRecord,
  evaluateIndexHash,
  nearestHashes,
  type ImageRecord,
} from '../../../app/kv/structures/image-record';
import { answer, write } from '../../../app/kv/structures/decision';
import { imageIndexKey, imageKey } from '../../../app/kv/structures/structure-keys';
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import { FieldError } from '../../../app/util/field-error';
import { OperationRun, type OperationOptions, type StructureOutcome } from '../structures/cas-loop';
import type { KvPort } from '../structures/kv-port';
import { averageHash, decodeImage, type DecodedImage } from './average-hash';

/** What `set` did. */
export interface ImageStored {
  hash: string;
  image: Pick<DecodedImage, 'type' | 'width' | 'height'>;
  /** The version of image/HASH after the write. */
  version: number;
  /** False when the index was full: exact lookups still find the image, a nearest-hash search does not. */
  indexed: boolean;
  indexProblem?: string;
}

/** What `get` found. */
export interface ImageFound {
  hash: string;
  image: Pick<DecodedImage, 'type' | 'width' | 'height'>;
  /** The stored record nearest to the hash, with how many bits its hash differs; null: none. */
  match: { record: ImageRecord; distance: number; version: number } | null;
}

export class ImageStore {
  constructor(
    private readonly port: KvPort,
    private readonly limits: StructureLimits,
  ) {}

  async set(
    file: Uint8Array,
    metadata: string,
    options: OperationOptions = {},
  ): Promise<StructureOutcome<ImageStored>> {
    checkMetadata(metadata, this.limits.valueBytesMax);
    const image = await decodeImage(file);
    const hash = averageHash(image);
    const { type, width, height } = image;
    const value = encodeImageRecord({ hash, metadata, width, height, type });
    const run = new OperationRun(this.port, options);
    const key = imageKey(hash);
    const same = (stored: Uint8Array | null) => stored !== null && Buffer.from(stored).equals(value);
    const { version } = await run.update(key, (state) =>
      same(state.value) ? answer(null) : write(value, null),
    );
    const stored: ImageStored = { hash, image: { type, width, height }, version, indexed: true };
    try {
      await run.update(
        imageIndexKey,
        (state) => evaluateIndexHash(imageIndexKey, state, hash, this.limits.valueBytesMax),
        true,
      );
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      Object.assign(stored, { indexed: false, indexProblem: error.message });
    }
    return { result: stored, run };
  }

  async get(
    file: Uint8Array,
    distanceMax = 0,
    options: OperationOptions = {},
  ): Promise<StructureOutcome<ImageFound>> {
    const image = await decodeImage(file);
    const hash = averageHash(image);
    const found: ImageFound = {
      hash,
      image: { type: image.type, width: image.width, height: image.height },
      match: null,
    };
    const run = new OperationRun(this.port, options);
    const exact = await this.read(run, hash, 0);
    if (exact || distanceMax === 0) return { result: { ...found, match: exact }, run };
    const hashes = decodeImageIndex(imageIndexKey, (await run.read(imageIndexKey)).value);
    for (const candidate of nearestHashes(hashes, hash, distanceMax)) {
      const match = await this.read(run, candidate.hash, candidate.distance);
      if (match) return { result: { ...found, match }, run };
    }
    return { result: found, run };
  }

  private async read(run: OperationRun, hash: string, distance: number): Promise<ImageFound['match']> {
    const key = imageKey(hash);
    const state = await run.read(key);
    if (state.value === null) return null;
    return { record: decodeImageRecord(key, state.value), distance, version: state.version };
  }
}
