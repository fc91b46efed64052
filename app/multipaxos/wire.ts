/**
 * What multi-Paxos's messages and records may hold when they arrive from another process: one schema per
 * message body and one per record kind, within the same limits PaxosKV's wire checks use, plus the
 * core's own record check. The schemas check shape and bounds only; what a message means for this node
 * (is the sender a member, does it lead that view, is the key within the configured limits) stays with
 * the core's validateMessage (validate.ts), which every message still passes before any state changes.
 * The generic envelopes (app/proto/protocol-envelope.ts) call these.
 */
import { z } from 'zod';
import { idCharsMax } from '../proto/wire-limits';
import { messagesFromBodies, type ProtocolWire } from '../protocol/protocol-wire';
import {
  coreRecordCheck,
  count,
  key,
  logCommand,
  recordFromSchema,
  untaggedCommand,
} from '../protocol/wire-schemas';
import { checkMultiPaxosRecord } from './record';
import { catchUpBatchMax } from './timing';
import type { MultiPaxosMessage, MultiPaxosMessageType, MultiPaxosRecord } from './types';
import { promiseEntriesMax } from './validate';

const slot = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** A promise before any (-1), or a view. */
const promised = z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);
const group = z.string().min(1).max(idCharsMax);

const slotEntry = z.strictObject({ slot, view: count, command: logCommand, chosen: z.boolean() });

const recordSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ key, kind: z.literal('promise'), group, view: count }),
    slotEntry.extend({ key, kind: z.literal('slot'), group }),
  ])
  // The core's own check, on top of the shape: the one rule set records pass before a write and after a read.
  .superRefine(coreRecordCheck(checkMultiPaxosRecord));

/** Every message body carries its group (the envelope key repeats it); the rest per type (messages.ts). */
const bodySchemas: Record<MultiPaxosMessageType, z.ZodType> = {
  viewChange: z.strictObject({ group, view: count }),
  prepare: z.strictObject({ group, view: count, commitPoint: count }),
  promise: z.strictObject({
    group,
    view: count,
    ok: z.boolean(),
    promised,
    commitPoint: count,
    entries: z.array(slotEntry).max(promiseEntriesMax),
  }),
  accept: z.strictObject({ group, view: count, slot, command: logCommand, commitPoint: count }),
  accepted: z.strictObject({ group, view: count, slot, ok: z.boolean(), promised }),
  commit: z.strictObject({ group, view: count, commitPoint: count }),
  commitAck: z.strictObject({ group, view: count, ok: z.boolean(), currentView: count, commitPoint: count }),
  forward: z.strictObject({ group, command: untaggedCommand, remainingMs: count }),
  catchUp: z.strictObject({ group, fromSlot: slot }),
  catchUpReply: z.strictObject({
    group,
    entries: z.array(slotEntry).max(catchUpBatchMax),
    commitPoint: count,
    promised,
  }),
};

/** The message types in the order messages.ts lists them, for the event schema and the console. */
export const multiPaxosMessageTypes = Object.keys(bodySchemas) as readonly MultiPaxosMessageType[];

/** Every message is about one group's log, filed under the group as its envelope key. */
const messageFromBody = messagesFromBodies<MultiPaxosMessage>(bodySchemas, (head, fields) => {
  if (fields.group === head.key) return null;
  const reason = `names group ${JSON.stringify(fields.group)}, not the message's key ${JSON.stringify(head.key)}`;
  return { field: 'group', reason };
});

export const multiPaxosWire: ProtocolWire<MultiPaxosMessage, MultiPaxosRecord> = {
  messageFromBody,
  recordFromBody: recordFromSchema<MultiPaxosRecord>(recordSchema),
};
