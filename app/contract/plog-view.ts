/** One replica's durable PLog for one key, as the console's PLog lens shows it (inspectKey). */
import { z } from 'zod';
import { ballotSchema } from '../model/cluster-event';
import { keyBytesMax } from '../paxos/config';
import type { GroupLog } from '../protocol/replicated-log';
import { FieldError, zodProblem } from '../util/field-error';

export const inspectKeyInputSchema = z.strictObject({
  nodeId: z.string().min(1).max(32),
  key: z.string().min(1).max(keyBytesMax),
});

const entryValueSchema = z.strictObject({
  requestId: z.string(),
  /** The node that proposed it; it may use the fast band at the next index. */
  owner: z.string(),
  version: z.number().int().min(0),
  deleted: z.boolean(),
  /** The value as UTF-8 text, or base64 when it is not valid UTF-8. */
  value: z.string(),
  valueEncoding: z.enum(['utf8', 'base64']),
});

/** The most slots one member's log view may carry (the core gives its newest 64). */
const logRowsMax = 256;

/** A group's slot log as a member holds it (ProtocolCore.describeLog), checked where it crosses a process. */
export const groupLogSchema: z.ZodType<GroupLog> = z.strictObject({
  group: z.string().min(1).max(64),
  view: z.number().int().min(0),
  leader: z.string().min(1).max(32),
  status: z.enum(['normal', 'viewChange']),
  leading: z.enum(['preparing', 'serving']).nullable(),
  promised: z.number().int().min(-1),
  commitPoint: z.number().int().min(0),
  maxSlot: z.number().int().min(0),
  learnerOnly: z.boolean(),
  rows: z
    .array(
      z.strictObject({
        slot: z.number().int().min(1),
        state: z.enum(['chosen', 'accepted', 'gap']),
        noop: z.boolean(),
        view: z.number().int().min(0).nullable(),
        command: z.string().max(1024),
        tag: z.string().max(256).nullable(),
        applied: z.boolean(),
      }),
    )
    .max(logRowsMax),
});

/** An agent's log_json as a GroupLog; null for ""; a FieldError under `field` when it is not one. */
export function groupLogFromJson(json: string, field = 'logJson'): GroupLog | null {
  if (json === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new FieldError(field, `is not JSON: ${(error as Error).message}`);
  }
  const checked = groupLogSchema.safeParse(parsed);
  if (!checked.success) throw FieldError.from(zodProblem(checked.error, field));
  return checked.data;
}

export const plogViewSchema = z.strictObject({
  nodeId: z.string(),
  key: z.string(),
  /** False when this replica holds nothing for the key. */
  found: z.boolean(),
  /** True when this node is one of the key's three replicas. */
  replica: z.boolean(),
  /** The volatile proposer phase: "idle", "preparing", "accepting" or "fastAccepting". */
  proposerPhase: z.string(),
  header: z
    .strictObject({ maxIndex: z.number().int(), chosenIndex: z.number().int(), version: z.number().int() })
    .nullable(),
  /** At most two instances, in one of the slim shapes the core keeps. */
  instances: z.array(
    z.strictObject({
      index: z.number().int().min(0),
      promised: ballotSchema.nullable(),
      accepted: ballotSchema.nullable(),
      value: entryValueSchema.nullable(),
      chosen: z.boolean(),
    }),
  ),
  /**
   * For a protocol other than PaxosKV: this replica's record of the key as that protocol writes it (for
   * QuorumKV its copy: version, writer and value); null for PaxosKV and when the replica holds none.
   */
  copy: z.strictObject({ protocol: z.string(), text: z.string() }).nullable(),
  /**
   * For a protocol that orders a group's commands in one log (multi-Paxos): the key's group's log as
   * this node holds it; null or absent otherwise.
   */
  log: groupLogSchema.nullable().optional(),
  /** Recent chosen entries, newest last. */
  recent: z.array(
    z.strictObject({
      index: z.number().int().min(0),
      requestId: z.string(),
      version: z.number().int().min(0),
      deleted: z.boolean(),
      owner: z.string(),
    }),
  ),
});
export type PlogView = z.infer<typeof plogViewSchema>;
