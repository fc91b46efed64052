/**
 * A key's stored record as bytes, beside the codec: the verifier reads what is really on disk (the
 * running core's copy would hide a copy that rotted there), and the --corrupt fault writes bytes the
 * codec would never produce on purpose.
 */
export interface RawRecords {
  /** The bytes stored under the key's record, or undefined when there is none. */
  readRaw(key: string): Promise<Uint8Array | undefined>;
  /** Replaces them, synced. Only the corrupt fault calls this: every other write goes through the codec. */
  writeRaw(key: string, bytes: Uint8Array): Promise<void>;
}
