/** One replica's durable PLog for one key, as the console's PLog lens shows it (inspectKey). */
import { z } from 'zod';
import { ballotSchema } from '../model/cluster-event';
import { keyBytesMax } from '../paxos/config';

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
