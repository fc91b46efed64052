/**
 * What PaxosCertain's message and rows may hold when they arrive from another process: the body of the
 * one message kind and the two row kinds, within the same limits the other protocols' wires use, plus
 * the core's own row check. What a message means for this node (is the sender a replica of the key)
 * stays with validate.ts, which every message still passes before any state changes. The generic
 * envelopes (app/proto/protocol-envelope.ts) call these.
 */
import { z } from 'zod';
import { dedupWindowMax } from '../paxos/config';
import { messagesFromBodies, type ProtocolWire } from '../protocol/protocol-wire';
import {
  coreRecordCheck,
  count,
  key,
  label,
  nodeId,
  operation,
  recordFromSchema,
  requestId,
  bytes,
} from '../protocol/wire-schemas';
import { checkCertainRecord, checkEntryHeader, checkEntryRecord, checkSnapshot } from './record';
import { learnKinds, type CertainMessage, type CertainMessageType, type CertainRecord } from './types';

const entry = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

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

const entryRecord = z.strictObject(entryFields).superRefine(coreRecordCheck(checkEntryRecord));

const { value: _value, ...headerFields } = entryFields;
const entryHeader = z.strictObject(headerFields).superRefine(coreRecordCheck(checkEntryHeader));

const snapshotFields = {
  committed: count,
  version: count,
  value: bytes.nullable(),
  requests: z.array(z.strictObject({ requestId, version: count, index: count })).max(dedupWindowMax),
};

const recordSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ key: z.string(), kind: z.literal('plog'), entity: key, entry, ...entryFields }),
    z.strictObject({
      key: z.string(),
      kind: z.literal('db'),
      entity: key,
      ...snapshotFields,
      learnedFloor: count,
      trimmed: count,
      incarnation: count,
      fences: z.record(nodeId, count),
    }),
  ])
  .superRefine(coreRecordCheck(checkCertainRecord));

const bodySchemas: Record<CertainMessageType, z.ZodType> = {
  entryState: z.strictObject({
    entry,
    record: entryRecord,
    view: entryHeader,
    maxChosen: count,
    incarnation: count,
    learn: z
      .strictObject({ kind: z.enum(learnKinds), nonce: z.number().int().min(1).max(0x7fffffff), count })
      .nullable(),
    snapshot: z.strictObject(snapshotFields).superRefine(coreRecordCheck(checkSnapshot)).nullable(),
  }),
};

/** Records carry no key of their own; the envelope's key is the entity. */
const messageFromBody = messagesFromBodies<CertainMessage>(bodySchemas, () => null);

export const certainWire: ProtocolWire<CertainMessage, CertainRecord> = {
  messageFromBody,
  recordFromBody: recordFromSchema<CertainRecord>(recordSchema),
};
