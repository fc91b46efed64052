/**
 * The fault commands' shapes: a FaultChange in (fault-model.ts, the one vocabulary the simulator and
 * the agents share), the resulting FaultState out, and the messages held for step-through.
 */
import { z } from 'zod';
import { faultChangeSchema, faultStateSchema } from '../model/fault-model';
import { ballotSchema } from '../model/cluster-event';

export const applyFaultInputSchema = z.strictObject({ change: faultChangeSchema });

export const faultOutcomeSchema = z.strictObject({
  faults: faultStateSchema,
  /** Agents that did not take the change now (down, or unreachable from the console); they get it when back. */
  unreached: z.array(z.string()),
});

export const heldMessageSchema = z.strictObject({
  /** The message id of its messageHeld event; release it by this id at `from`. */
  id: z.string(),
  from: z.string(),
  to: z.string(),
  /** The peer message type, for example "accept". */
  type: z.string(),
  key: z.string(),
  index: z.number().int().min(0),
  ballot: ballotSchema.nullable(),
  heldAtMs: z.number(),
});
export type HeldMessageView = z.infer<typeof heldMessageSchema>;

export const releaseHeldInputSchema = z.strictObject({
  /** The node holding the message: its sender. */
  nodeId: z.string().min(1).max(32),
  messageId: z.string().min(1).max(128),
  action: z.enum(['deliver', 'drop', 'duplicate']),
});

export const setProtocolPaceInputSchema = z.strictObject({
  /** How fast every agent's protocol time runs: 1 real time, 0.1 slow motion, 0 stopped. */
  rate: z
    .number('must be a number from 0 (stopped) to 1 (real time)')
    .min(0, 'must be at least 0 (stopped)')
    .max(1, 'must be at most 1 (real time)'),
});

export const protocolPaceOutcomeSchema = z.strictObject({
  /** The rate every agent runs at when nothing is held (hold mode still stops time). */
  rate: z.number().min(0).max(1),
  /** Agents that did not take it now (down, or unreachable from the console); they get it when back. */
  unreached: z.array(z.string()),
});
