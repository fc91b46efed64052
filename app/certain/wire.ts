/**
 * What PaxosCertain's message and rows may hold when they arrive from another process: the body of the
 * one message kind and the two row kinds, within the same limits the other protocols' wires use, plus
 * the core's own row check. What a message means for this node (is the sender a replica of the key)
 * stays with validate.ts, which every message still passes before any state changes. The generic
 * envelopes (app/proto/protocol-envelope.ts) call these.
 */
import { z } from 'zod';
import { idPattern } from '../model/topology';
import { dedupWindowMax, keyBytesMax, valueBytesMax } from '../paxos/config';
import { utf8Length } from '../paxos/placement';
import { idCharsMax } from '../proto/wire-limits';
import { messagesFromBodies, type ProtocolWire, type WireResult } from '../protocol/protocol-wire';
import { zodProblem } from '../util/field-error';
import { checkCertainRecord, checkEntryRecord } from './record';
import type { CertainMessage, CertainMessageType, CertainRecord, EntryRecord } from './types';

/** Command tags and attempts (`${node}:${seq}`). */
const labelCharsMax = 128;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const entry = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const label = z.string().min(1).max(labelCharsMax);
const requestId = z.string().min(1).max(idCharsMax);
const nodeId = z.string().regex(idPattern, 'must be a node id');
const key = z
  .string()
  .min(1)
  .refine((text) => utf8Length(text) <= keyBytesMax, `must be at most ${keyBytesMax} bytes`);
const bytes = z
  .instanceof(Uint8Array, { message: 'must be bytes ({"$bytes": base64})' })
  .refine((value) => value.length <= valueBytesMax, `must be at most ${valueBytesMax} bytes`);

const operation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('get'), key }),
  z.strictObject({ kind: z.literal('delete'), key }),
  z.strictObject({ kind: z.literal('put'), key, value: bytes }),
  z.strictObject({ kind: z.literal('cas'), key, value: bytes, expectedVersion: count }),
]);

const command = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('noop'), tag: label }),
  z.strictObject({
    kind: z.literal('client'),
    tag: label,
    requestId,
    operation,
    origin: nodeId,
    attempt: label,
    arrivedAtVersion: count,
  }),
]);

const entryFields = {
  prepared: count,
  promised: count,
  accepted: count,
  value: command.nullable(),
  chosen: z.boolean(),
};

const entryRecord = z.strictObject(entryFields).superRefine((record, context) => {
  const problem = checkEntryRecord(record as EntryRecord);
  if (problem !== null) context.addIssue({ code: 'custom', message: problem });
});

const recordSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ key: z.string(), kind: z.literal('plog'), entity: key, entry, ...entryFields }),
    z.strictObject({
      key: z.string(),
      kind: z.literal('db'),
      entity: key,
      committed: count,
      learnedFloor: count,
      version: count,
      value: bytes.nullable(),
      requests: z.array(z.strictObject({ requestId, version: count, index: count })).max(dedupWindowMax),
    }),
  ])
  .superRefine((record, context) => {
    const problem = checkCertainRecord(record as CertainRecord);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });

const bodySchemas: Record<CertainMessageType, z.ZodType> = {
  entryState: z.strictObject({
    entry,
    record: entryRecord,
    view: entryRecord,
    maxChosen: count,
    learn: z
      .strictObject({
        kind: z.enum(['ask', 'report', 'finish']),
        nonce: z.number().int().min(1).max(0x7fffffff),
      })
      .nullable(),
  }),
};

/** Records carry no key of their own; the envelope's key is the entity. */
const messageFromBody = messagesFromBodies<CertainMessage>(bodySchemas, () => null);

function recordFromBody(body: unknown): WireResult<CertainRecord> {
  const parsed = recordSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: zodProblem(parsed.error, '', '(body)') };
  return { ok: true, value: parsed.data as CertainRecord };
}

export const certainWire: ProtocolWire<CertainMessage, CertainRecord> = { messageFromBody, recordFromBody };
