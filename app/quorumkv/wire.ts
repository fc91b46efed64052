/**
 * What QuorumKV's messages and records may hold when they arrive from another process: one schema per
 * message body and one for a replica's copy, within the same limits PaxosKV's wire checks use, plus the
 * core's own record check. The generic envelopes (app/proto/protocol-envelope.ts) call these.
 */
import { z } from 'zod';
import { dedupWindowMax } from '../paxos/config';
import { messagesFromBodies, type ProtocolWire } from '../protocol/protocol-wire';
import { bytes, coreRecordCheck, count, key, nodeId, recordFromSchema } from '../protocol/wire-schemas';
import { checkQuorumRecord } from './record';
import type { QuorumMessage, QuorumMessageType, QuorumRecord } from './types';

/** Request ids, as PaxosKV's wire bounds them (app/proto/wire-limits.ts idCharsMax). */
const idCharsMax = 128;

const requestId = z.string().max(idCharsMax);

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
  .superRefine(coreRecordCheck(checkQuorumRecord));

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

export const quorumWire: ProtocolWire<QuorumMessage, QuorumRecord> = {
  messageFromBody,
  recordFromBody: recordFromSchema<QuorumRecord>(recordSchema),
};
