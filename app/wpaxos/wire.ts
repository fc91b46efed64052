/**
 * What WPaxos's messages and records may hold when they arrive from another process: one schema per
 * message body and one per record kind, within the same limits the other protocols' wire checks use, plus
 * the core's own record check. What a message means for this node (is the sender in the object's grid,
 * does it lead that ballot) stays with the core's validateMessage, which every message still passes.
 */
import { z } from 'zod';
import { catchUpBatchMax } from '../multipaxos/timing';
import { messagesFromBodies, type ProtocolWire } from '../protocol/protocol-wire';
import { dedupWindowMax } from '../paxos/config';
import {
  bytes,
  coreRecordCheck,
  count,
  key,
  logCommand,
  recordFromSchema,
  requestId,
  untaggedCommand,
} from '../protocol/wire-schemas';
import { zoneCount } from './grid';
import { localityWindow } from './policy';
import { checkWPaxosRecord } from './record';
import type { WPaxosMessage, WPaxosMessageType, WPaxosRecord } from './types';
import { promiseEntriesMax } from './validate';

const ballot = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const slot = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const slotEntry = z.strictObject({ slot, ballot, command: logCommand, chosen: z.boolean() });

const snapshotFields = {
  slot,
  entry: z.strictObject({
    version: count,
    value: bytes.nullable(),
    requests: z.array(z.strictObject({ requestId, version: count, index: count })).max(dedupWindowMax),
  }),
  recentZones: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(zoneCount - 1),
    )
    .max(localityWindow),
};

const recordSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ key, kind: z.literal('promise'), object: key, ballot: count }),
    slotEntry.extend({ key, kind: z.literal('slot'), object: key }),
    z.strictObject({ key, kind: z.literal('snapshot'), object: key, ...snapshotFields }),
  ])
  .superRefine(coreRecordCheck(checkWPaxosRecord));

const ballotNumber = ballot;

const bodySchemas: Record<WPaxosMessageType, z.ZodType> = {
  prepare: z.strictObject({ ballotNumber, commitPoint: count }),
  promise: z.strictObject({
    ballotNumber,
    ok: z.boolean(),
    promised: count,
    entries: z.array(slotEntry).max(promiseEntriesMax),
    logBase: count,
  }),
  accept: z.strictObject({ ballotNumber, slot, command: logCommand, commitPoint: count }),
  accepted: z.strictObject({ ballotNumber, slot, ok: z.boolean(), promised: count }),
  commit: z.strictObject({
    ballotNumber,
    entries: z.array(slotEntry).max(catchUpBatchMax),
    commitPoint: count,
  }),
  forward: z.strictObject({ command: untaggedCommand, remainingMs: count, commitPoint: count }),
  catchUp: z.strictObject({ fromSlot: slot }),
  catchUpReply: z.strictObject({
    snapshot: z.strictObject(snapshotFields).nullable(),
    entries: z.array(slotEntry).max(catchUpBatchMax),
    commitPoint: count,
    promised: count,
  }),
};

/** The message types in the order messages.ts lists them, for the event schema and the console. */
export const wPaxosMessageTypes = Object.keys(bodySchemas) as readonly WPaxosMessageType[];

/** Every message is about one object, filed under it as its envelope key; the core checks the rest. */
const messageFromBody = messagesFromBodies<WPaxosMessage>(bodySchemas, () => null);

export const wPaxosWire: ProtocolWire<WPaxosMessage, WPaxosRecord> = {
  messageFromBody,
  recordFromBody: recordFromSchema<WPaxosRecord>(recordSchema),
};
