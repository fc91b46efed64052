/**
 * What WPaxos's messages and records may hold when they arrive from another process: one schema per
 * message body and one per record kind, within the same limits the other protocols' wire checks use, plus
 * the core's own record check. What a message means for this node (is the sender in the object's grid,
 * does it lead that ballot) stays with the core's validateMessage, which every message still passes.
 */
import { z } from 'zod';
import { idPattern } from '../model/topology';
import { catchUpBatchMax } from '../multipaxos/timing';
import { keyBytesMax, valueBytesMax } from '../paxos/config';
import { utf8Length } from '../paxos/placement';
import { idCharsMax } from '../proto/wire-limits';
import { messagesFromBodies, type ProtocolWire, type WireResult } from '../protocol/protocol-wire';
import { zodProblem } from '../util/field-error';
import { checkWPaxosRecord } from './record';
import type { WPaxosMessage, WPaxosMessageType, WPaxosRecord } from './types';
import { promiseEntriesMax } from './validate';

/** Command tags (`${leader}/${ballot}/${slot}`) and attempts (`${node}:${seq}`). */
const labelCharsMax = 128;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ballot = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const slot = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
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

const untaggedCommand = z.strictObject({
  kind: z.literal('client'),
  requestId,
  operation,
  origin: nodeId,
  attempt: label,
  arrivedAtVersion: count,
});

const command = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('noop'), tag: label }),
  untaggedCommand.extend({ tag: label }),
]);

const slotEntry = z.strictObject({ slot, ballot, command, chosen: z.boolean() });

function coreRecordCheck(record: unknown, context: z.core.$RefinementCtx): void {
  const problem = checkWPaxosRecord(record as WPaxosRecord);
  if (problem !== null) context.addIssue({ code: 'custom', message: problem });
}

const recordSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ key, kind: z.literal('promise'), object: key, ballot: count }),
    slotEntry.extend({ key, kind: z.literal('slot'), object: key }),
  ])
  .superRefine(coreRecordCheck);

const ballotNumber = ballot;

const bodySchemas: Record<WPaxosMessageType, z.ZodType> = {
  prepare: z.strictObject({ ballotNumber, commitPoint: count }),
  promise: z.strictObject({
    ballotNumber,
    ok: z.boolean(),
    promised: count,
    entries: z.array(slotEntry).max(promiseEntriesMax),
  }),
  accept: z.strictObject({ ballotNumber, slot, command, commitPoint: count }),
  accepted: z.strictObject({ ballotNumber, slot, ok: z.boolean(), promised: count }),
  commit: z.strictObject({
    ballotNumber,
    entries: z.array(slotEntry).max(catchUpBatchMax),
    commitPoint: count,
  }),
  forward: z.strictObject({ command: untaggedCommand, remainingMs: count, commitPoint: count }),
  catchUp: z.strictObject({ fromSlot: slot }),
  catchUpReply: z.strictObject({
    entries: z.array(slotEntry).max(catchUpBatchMax),
    commitPoint: count,
    promised: count,
  }),
};

/** The message types in the order messages.ts lists them, for the event schema and the console. */
export const wPaxosMessageTypes = Object.keys(bodySchemas) as readonly WPaxosMessageType[];

/** Every message is about one object, filed under it as its envelope key; the core checks the rest. */
const messageFromBody = messagesFromBodies<WPaxosMessage>(bodySchemas, () => null);

function recordFromBody(body: unknown): WireResult<WPaxosRecord> {
  const parsed = recordSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: zodProblem(parsed.error, '', '(body)') };
  return { ok: true, value: parsed.data as WPaxosRecord };
}

export const wPaxosWire: ProtocolWire<WPaxosMessage, WPaxosRecord> = { messageFromBody, recordFromBody };
