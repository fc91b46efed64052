/**
 * The console's queue, set, table and image-key commands (docs/data-structures.md): one operation
 * through one chosen node, answered with what the structure library answers, each write it made (key,
 * PaxosLog entry, request id) and the structure's whole value read afterwards. A refused or abandoned
 * operation is an answer to show (the field at fault and the limit, or why it gave up), not a broken
 * command.
 */
import { z } from 'zod';
import { keyBytesMax, valueBytesMax } from '../paxos/config';
import { replyPaths } from '../kv/operations';

/** A structure's name or primary key: the node checks the key it makes against the topology's limit. */
const name = z.string().max(keyBytesMax);
const text = z.string().max(valueBytesMax);
/** Columns of a row: at most this many (a row is one value, so far fewer fit). */
export const columnsMax = 256;
const row = z
  .record(z.string().max(keyBytesMax), text)
  .refine((columns) => Object.keys(columns).length <= columnsMax, `at most ${columnsMax} columns`);

export const structureActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('qpush'), queue: name, element: text }),
  z.strictObject({ kind: z.enum(['qpop', 'qpeek', 'qlen']), queue: name }),
  z.strictObject({ kind: z.enum(['sadd', 'srem', 'scontains']), set: name, member: text }),
  z.strictObject({ kind: z.literal('smembers'), set: name }),
  z.strictObject({ kind: z.literal('tput'), table: name, primaryKey: name, columns: row }),
  z.strictObject({ kind: z.enum(['tget', 'tdel']), table: name, primaryKey: name }),
  z.strictObject({
    kind: z.literal('tscan'),
    table: name,
    from: name.optional(),
    to: name.optional(),
  }),
  z.strictObject({ kind: z.literal('tupdate'), table: name, primaryKey: name, conditions: row, sets: row }),
]);
export type ConsoleStructureAction = z.infer<typeof structureActionSchema>;

/** As `npm run kv -- --request-id`. */
export const structureRequestIdMax = 200;
const requestId = z.string().min(1).max(structureRequestIdMax);
const nodeId = z.string().min(1).max(32);

/** One write an operation made or tried: the key, the version it expected, and how it ended. */
const entrySchema = z.strictObject({
  key: z.string(),
  expectedVersion: z.number().int(),
  outcome: z.enum(['applied', 'dedup', 'conflict', 'in doubt']),
  /** After the write (applied, dedup) or as found (conflict). */
  version: z.number().int().nullable(),
  /** The PaxosLog entry the write was chosen at. */
  index: z.number().int().nullable(),
  path: z.enum(replyPaths).nullable(),
  housekeeping: z.boolean(),
});

const runSchema = {
  requestId: z.string(),
  reads: z.number().int(),
  attempts: z.number().int(),
  entries: z.array(entrySchema),
  /** The operation was already applied by an earlier attempt of this request id: its tag's key. */
  foundApplied: z.strictObject({ key: z.string(), version: z.number().int() }).nullable(),
  latencyMs: z.number(),
};

const rowSchema = z.strictObject({
  primaryKey: z.string(),
  columns: z.record(z.string(), z.string()),
  version: z.number().int(),
});

export const structureValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('queue'),
    name: z.string(),
    elements: z.array(
      z.strictObject({ value: z.string(), segment: z.number().int(), slot: z.number().int() }),
    ),
    segments: z.strictObject({ first: z.number().int(), last: z.number().int() }),
  }),
  z.strictObject({ kind: z.literal('set'), name: z.string(), members: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('table'), name: z.string(), rows: z.array(rowSchema) }),
]);

/** Why an operation failed: bad input, a reused request id, too many failed attempts, a foreign value. */
export const structureFailureCodes = ['FIELD', 'REQUEST_ID_REUSED', 'GAVE_UP', 'CORRUPT_VALUE'] as const;

const failureSchema = z.strictObject({
  ok: z.literal(false),
  code: z.enum(structureFailureCodes),
  /** The field at fault (FIELD), else null. */
  field: z.string().nullable(),
  message: z.string(),
  /** GAVE_UP: true when an attempt may have been applied (repeat with the request id to learn). */
  inDoubt: z.boolean(),
  requestId: z.string().nullable(),
});

export const structureResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    /** The answer as `npm run kv` prints it. */
    answer: z.array(z.string()),
    /** An empty queue, no such member or row, an unmet condition. */
    negative: z.boolean(),
    ...runSchema,
    /** The structure read after the operation; null when that read failed (`valueProblem` says why). */
    value: structureValueSchema.nullable(),
    valueProblem: z.string().nullable(),
  }),
  failureSchema,
]);
export type StructureCommandResult = z.infer<typeof structureResultSchema>;

/** The largest image the console takes (as base64 text, about 4/3 of the file). */
export const imageBase64CharsMax = 24 * 1024 * 1024;
/** As the image store's metadata limit allows within one value; the node checks the real one. */
const metadata = z.string().max(valueBytesMax);

export const imageInputSchema = z.strictObject({
  nodeId,
  /** The dropped file's name, for the answer. */
  fileName: z.string().min(1).max(256),
  dataBase64: z.string().min(1).max(imageBase64CharsMax),
  /** hash: only compute it; iset: store `metadata` under it; iget: find what is stored under it. */
  op: z.enum(['hash', 'iset', 'iget']),
  metadata: metadata.optional(),
  /** iget: without an exact match, the nearest indexed hash at most this many bits away. */
  distance: z.number().int().min(0).max(64).optional(),
  requestId: requestId.optional(),
});

const imageFacts = {
  /** The 64-bit average hash, 16 hex digits. */
  hash: z.string(),
  type: z.enum(['png', 'jpeg']),
  width: z.number().int(),
  height: z.number().int(),
};

export const imageResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    op: z.enum(['hash', 'iset', 'iget']),
    ...imageFacts,
    answer: z.array(z.string()),
    negative: z.boolean(),
    /** Null for `hash`, which touches no key. */
    run: z.strictObject(runSchema).nullable(),
  }),
  failureSchema,
]);
export type ImageCommandResult = z.infer<typeof imageResultSchema>;

export const structureCommands = {
  /** One queue, set or table operation through `nodeId`, and the structure's value after it. */
  structure: {
    input: z.strictObject({ nodeId, action: structureActionSchema, requestId: requestId.optional() }),
    output: structureResultSchema,
  },
  /** A dropped PNG or JPEG: its average hash, and iset / iget under it through `nodeId`. */
  image: { input: imageInputSchema, output: imageResultSchema },
};
