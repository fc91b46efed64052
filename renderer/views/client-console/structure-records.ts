/**
 * The client console's structure and image operations: each sent through the console's `structure` or
 * `image` command and kept as a record, pending first, then with its answer (or the contract's error).
 * Kept by the panel itself, newest first: nothing else in the console reads them.
 */
import { ContractFailure } from '../../../app/contract/errors';
import type {
  ConsoleStructureAction,
  ImageCommandResult,
  StructureCommandResult,
} from '../../../app/contract/structure-commands';
import type { ConsoleHandle } from '../../actions/console-handle';

/** A dropped image, kept so that iset and iget can send it again. */
export interface DroppedImage {
  fileName: string;
  dataBase64: string;
}

export type RecordAnswer =
  | { status: 'pending' }
  | { status: 'structure'; result: StructureCommandResult }
  | { status: 'image'; result: ImageCommandResult }
  | { status: 'error'; field: string; message: string };

export interface StructureRecord {
  id: number;
  nodeId: string;
  /** What was asked, as a person reads it ("qpush jobs", "iset cat.png"). */
  title: string;
  image: DroppedImage | null;
  answer: RecordAnswer;
}

/** How many records the panel keeps. */
export const structureRecordsMax = 30;

let nextRecordId = 1;

export function titleOf(action: ConsoleStructureAction): string {
  const name = 'queue' in action ? action.queue : 'set' in action ? action.set : action.table;
  const detail =
    'element' in action
      ? ` ${JSON.stringify(action.element)}`
      : 'member' in action
        ? ` ${JSON.stringify(action.member)}`
        : 'primaryKey' in action
          ? ` ${action.primaryKey}`
          : '';
  return `${action.kind} ${name}${detail}`;
}

/** Sends a call and keeps its record up to date through `update`. */
export async function track(
  update: (change: (records: StructureRecord[]) => StructureRecord[]) => void,
  base: Omit<StructureRecord, 'id' | 'answer'>,
  call: () => Promise<RecordAnswer>,
): Promise<void> {
  const id = nextRecordId++;
  const pending: StructureRecord = { ...base, id, answer: { status: 'pending' } };
  update((records) => [pending, ...records].slice(0, structureRecordsMax));
  const answer = await call().catch((error: unknown): RecordAnswer => {
    if (error instanceof ContractFailure) {
      return { status: 'error', field: error.error.field, message: error.error.message };
    }
    return { status: 'error', field: '(client)', message: String(error) };
  });
  update((records) => records.map((record) => (record.id === id ? { ...record, answer } : record)));
}

export function sendStructure(
  { client }: ConsoleHandle,
  nodeId: string,
  action: ConsoleStructureAction,
): Promise<RecordAnswer> {
  return client
    .call('structure', { nodeId, action })
    .then((result): RecordAnswer => ({ status: 'structure', result }));
}

export function sendImage(
  { client }: ConsoleHandle,
  nodeId: string,
  image: DroppedImage,
  op: 'hash' | 'iset' | 'iget',
  metadata = '',
): Promise<RecordAnswer> {
  const input = { nodeId, ...image, op, ...(op === 'iset' ? { metadata } : {}) };
  return client.call('image', input).then((result): RecordAnswer => ({ status: 'image', result }));
}

/** A dropped file as base64, or why it cannot be sent. */
export async function readDropped(file: File, base64CharsMax: number): Promise<DroppedImage | string> {
  if (Math.ceil(file.size / 3) * 4 > base64CharsMax) {
    return `${file.name} is ${file.size} bytes: the console takes images up to ${Math.floor((base64CharsMax / 4) * 3)} bytes`;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return { fileName: file.name || 'dropped file', dataBase64: btoa(binary) };
}
