/**
 * What QuorumKV's messages and records may hold when they arrive from another process: one schema per
 * message body and one for a replica's copy, within the same limits PaxosKV's wire checks use, plus the
 * core's own record check. The generic envelopes (app/proto/protocol-envelope.ts) call these.
 */
import { z } from 'zod';
import { idPattern } from '../model/topology';
import { dedupWindowMax, keyBytesMax, valueBytesMax } from '../paxos/config';
import { utf8Length } from '../paxos/placement';
import { messagesFromBodies, type ProtocolWire, type WireResult } from '../protocol/protocol-wire';
import { zodProblem } from '../util/field-error';
import { checkQuorumRecord } from './record';
import type { QuorumMessage, QuorumMessageType, QuorumRecord } from './types';

/** Request ids, as PaxosKV's wire bounds them (app/proto/wire-limits.ts idCharsMax). */
const idCharsMax = 128;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const requestId = z.string().max(idCharsMax);
const nodeId = z.string().regex(idPattern, 'must be a node id');
const key = z
  .string()
  .min(1)
  .refine((text) => utf8Length(text) <= keyBytesMax, `must be at most ${keyBytesMax} bytes`);
const bytes = z
  .instanceof(Uint8Array, { message: 'must be bytes ({"$bytes": base64})' })
  .refine((value) => value.length <= valueBytesMax, `must be at most ${valueBytesMax} bytes`);

const recordSchema = z
  .strictObject({
    key,
    version: count,
    /** "" only before any write (version 0). */
    writer: z.union([z.literal(''), nodeId]),
    value: bytes.nullable(),
    requestId,
    requests: z.array(z.strictObject({ requestId, version: count, index: count })).max(dedupWindowMax),
  })
  .superRefine((record, context) => {
    const problem = checkQuorumRecord(record);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });

const bodySchemas: Record<QuorumMessageType, z.ZodType> = {
  replicaWrite: z.strictObject({ record: recordSchema, requestId }),
  replicaWriteAck: z.strictObject({ requestId, ok: z.boolean(), version: count }),
  replicaRead: z.strictObject({ requestId }),
  replicaReadReply: z.strictObject({ requestId, record: recordSchema }),
};

/** The core files a copy under its own key: a copy of another key under this one would corrupt both. */
const messageFromBody = messagesFromBodies<QuorumMessage>(bodySchemas, (head, fields) => {
  const record = fields.record as QuorumRecord | undefined;
  if (!record || record.key === head.key) return null;
  const reason = `names key ${JSON.stringify(record.key)}, not the message's ${JSON.stringify(head.key)}`;
  return { field: 'record.key', reason };
});

function recordFromBody(body: unknown): WireResult<QuorumRecord> {
  const parsed = recordSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: zodProblem(parsed.error, '', '(body)') };
  return { ok: true, value: parsed.data };
}

export const quorumWire: ProtocolWire<QuorumMessage, QuorumRecord> = { messageFromBody, recordFromBody };
