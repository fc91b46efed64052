/**
 * The console's KV command: one operation of the store's vocabulary (app/kv/operations.ts, values as
 * text) through one chosen node, and its result. A KV failure is an answer the console shows (with a
 * plain-language explanation), not a contract error: the command itself worked.
 */
import { z } from 'zod';
import { clientErrorCodes, kvOperationKinds, replyPaths, type KvOperation } from '../kv/operations';
// The widest limits any topology allows; the node checks the topology's own (smaller) limits.
import { keyBytesMax, valueBytesMax } from '../paxos/config';

const key = z.string().min(1).max(keyBytesMax);
/** Text values, sent as UTF-8. */
const value = z.string().max(valueBytesMax);

/** One operation as JSON carries it: the vocabulary's shape with a text value. */
export const kvOperationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('get'), key }),
  z.strictObject({ kind: z.literal('put'), key, value }),
  z.strictObject({ kind: z.literal('delete'), key }),
  z.strictObject({
    kind: z.literal('cas'),
    key,
    value,
    /** The version the key must have now (0: the key must not exist). */
    expectedVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
]) satisfies z.ZodType<KvOperation<string>>;

export const kvInputSchema = z
  .strictObject({
    /** The node asked; it forwards a key it does not replicate. */
    nodeId: z.string().min(1).max(32),
    operation: kvOperationSchema,
    /** Makes a retried write idempotent; the agent makes one when absent. A get carries none. */
    requestId: z.string().min(1).max(128).optional(),
  })
  .refine((input) => input.operation.kind !== 'get' || input.requestId === undefined, {
    path: ['requestId'],
    message: 'a get carries no request id',
  });

/** The node's own codes, and three the console adds when no node code came back. */
export const kvFailureCodes = [
  ...clientErrorCodes,
  /** The call's deadline passed before the node answered. */
  'DEADLINE_EXCEEDED',
  /** The console could not reach the node at all (killed, paused, partitioned from the console). */
  'NODE_UNREACHABLE',
  /** The node answered with something the console does not understand. */
  'UNKNOWN',
] as const;
export type KvFailureCode = (typeof kvFailureCodes)[number];

/** One sentence per failure, for people who are learning what the codes mean. */
export const kvExplanations: Record<KvFailureCode, string> = {
  INVALID_ARGUMENT: 'The request was malformed or over a limit; the message names the field.',
  UNAVAILABLE:
    'No quorum reachable: fewer than 2 of the key’s 3 replicas answered before the deadline, so nothing can be chosen.',
  PREEMPTED:
    'Preempted: competing proposals with higher ballots won every round this request was allowed. Retry with the same request id to learn whether it was chosen after all.',
  VERSION_CONFLICT: 'Version conflict: the key’s version is no longer the one this compare-and-set expected.',
  NOT_REPLICA: 'This node does not hold a replica of the key; send it to one of the replicas listed.',
  LEARNER_ONLY:
    'Learner-only: this node lost its disk and is relearning from its peers; it neither votes nor serves until then. Use another replica.',
  BUSY: 'The node is shutting down or its request queue is full; try again shortly.',
  INDETERMINATE:
    'Indeterminate: the key moved more than its dedup window (64 writes) while this request waited, so whether an earlier attempt with the same request id was applied cannot be told. Nothing new was written; read the key before writing again.',
  DEADLINE_EXCEEDED:
    'The node did not answer before the deadline (it may be paused or partitioned); a write may still be chosen later.',
  NODE_UNREACHABLE: 'The console could not reach this node: it is killed, not started yet, or not listening.',
  UNKNOWN: 'The node answered with an error the console does not know.',
};

const timing = {
  /** The node that served the request (the one asked, unless it forwarded). */
  servedBy: z.string(),
  /** Round trip as measured by the console, including gRPC. */
  latencyMs: z.number().min(0),
};

export const kvCommandResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    operation: z.enum(kvOperationKinds),
    /** For get: false when the key was never written or is deleted. */
    found: z.boolean(),
    /** For get: the value as UTF-8 text (or base64 when it is not valid UTF-8); null otherwise. */
    value: z.string().nullable(),
    valueEncoding: z.enum(['utf8', 'base64']),
    version: z.number().int().min(0),
    /** The entry index the write was chosen at, or the read was served from. */
    index: z.number().int().min(0),
    /** How it completed (the vocabulary's ReplyPath). */
    path: z.enum(replyPaths),
    requestId: z.string().nullable(),
    ...timing,
  }),
  z.strictObject({
    ok: z.literal(false),
    operation: z.enum(kvOperationKinds),
    code: z.enum(kvFailureCodes),
    /** The node's own message (it names the field and limit for INVALID_ARGUMENT). */
    message: z.string(),
    /** The plain-language meaning of the code. */
    explanation: z.string(),
    field: z.string().nullable(),
    /** True when the write certainly did not happen; false when it may still be chosen; null for reads. */
    definite: z.boolean().nullable(),
    /** For VERSION_CONFLICT: the version found. */
    currentVersion: z.number().int().min(0).nullable(),
    /** For NOT_REPLICA: the nodes that hold the key. */
    replicas: z.array(z.string()),
    ...timing,
  }),
]);
export type KvCommandResult = z.infer<typeof kvCommandResultSchema>;
