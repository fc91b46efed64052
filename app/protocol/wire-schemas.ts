/**
 * The schema pieces every protocol's wire (what its messages and records may hold when they arrive from
 * another process) is built from, within the limits PaxosKV's wire checks use, and the log command that
 * the log-based cores (multi-Paxos, WPaxos) carry in their slots.
 */
import { z } from 'zod';
import { idPattern } from '../model/topology';
import { keyBytesMax, valueBytesMax } from '../paxos/config';
import { utf8Length } from '../paxos/placement';
import { idCharsMax } from '../proto/wire-limits';
import { zodProblem } from '../util/field-error';
import type { WireResult } from './protocol-wire';

export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const nodeId = z.string().regex(idPattern, 'must be a node id');
export const key = z
  .string()
  .min(1)
  .refine((text) => utf8Length(text) <= keyBytesMax, `must be at most ${keyBytesMax} bytes`);
export const bytes = z
  .instanceof(Uint8Array, { message: 'must be bytes ({"$bytes": base64})' })
  .refine((value) => value.length <= valueBytesMax, `must be at most ${valueBytesMax} bytes`);

/** Command tags and attempts (`${node}:${seq}`): a node id and a number or two. */
const labelCharsMax = 128;
export const label = z.string().min(1).max(labelCharsMax);
export const requestId = z.string().min(1).max(idCharsMax);

export const operation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('get'), key }),
  z.strictObject({ kind: z.literal('delete'), key }),
  z.strictObject({ kind: z.literal('put'), key, value: bytes }),
  z.strictObject({ kind: z.literal('cas'), key, value: bytes, expectedVersion: count }),
]);

/** A client command before the leader tags it with its slot (a forward carries one). */
export const untaggedCommand = z.strictObject({
  kind: z.literal('client'),
  requestId,
  operation,
  origin: nodeId,
  attempt: label,
  arrivedAtVersion: count,
});

/** A command in a slot of multi-Paxos's or WPaxos's log. */
export const logCommand = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('noop'), tag: label }),
  untaggedCommand.extend({ tag: label }),
]);

/** A superRefine that adds the core's own record check on top of the shape. */
export function coreRecordCheck<Rec>(
  check: (record: Rec) => string | null,
): (record: unknown, context: z.core.$RefinementCtx) => void {
  return (record, context) => {
    const problem = check(record as Rec);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  };
}

/** Reads a record body with its schema; a problem names the field under "(body)". */
export function recordFromSchema<Rec>(schema: z.ZodType): (body: unknown) => WireResult<Rec> {
  return (body) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) return { ok: false, problem: zodProblem(parsed.error, '', '(body)') };
    return { ok: true, value: parsed.data as Rec };
  };
}
