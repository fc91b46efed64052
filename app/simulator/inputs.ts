/**
 * Everything that can happen to a simulation from outside, as plain JSON. A run is its options, its
 * seed and the list of inputs applied to it, so the list is also the replay format, the history's log
 * and what a golden scenario compiles to. Schemas validate inputs from the console and from files.
 */
import { z } from 'zod';
import { faultChangeSchema } from '../model/fault-model';
import { topologySchema } from '../model/topology';
import { protocolNames } from '../protocol/protocol';
import { FieldError, zodProblem } from '../util/field-error';

const nodeIdSchema = z.string().min(1, 'must name a node').max(32, 'must be at most 32 characters');
const keySchema = z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters');
const valueSchema = z.string().max(65_536, 'must be at most 65536 characters');
const wireIdSchema = z.number().int('must be a whole number').min(1, 'must be at least 1');
/** Simulated runs are bounded to a day of simulated time. */
export const simulatedMsMax = 86_400_000;
/** A request id the simulation gave out: c1, c2, ... */
const requestIdSchema = z.string().regex(/^c[1-9][0-9]{0,8}$/, 'must be a request id like "c12"');
/**
 * When the caller gives up, in simulated ms since the run began: no node starts a round for the
 * request from then on. It may already have passed (a stale request still reaches the node).
 */
const deadlineSchema = z
  .number()
  .int('must be a whole number of ms')
  .min(0, 'must be at least 0')
  .max(simulatedMsMax, `must be at most ${simulatedMsMax} ms`);

/** A client operation with a text value, so it survives JSON (the simulation encodes it as UTF-8). */
export const clientOpSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('get'), key: keySchema }),
  z.strictObject({ kind: z.literal('put'), key: keySchema, value: valueSchema }),
  z.strictObject({ kind: z.literal('delete'), key: keySchema }),
  z.strictObject({
    kind: z.literal('cas'),
    key: keySchema,
    value: valueSchema,
    expectedVersion: z.number().int('must be a whole number').min(0, 'must be at least 0'),
  }),
]);

export const simInputSchema = z.discriminatedUnion('kind', [
  /** A client sends an operation to a node; the simulation names the request c1, c2, ... */
  z.strictObject({
    kind: z.literal('client'),
    node: nodeIdSchema,
    op: clientOpSchema,
    deadlineMs: deadlineSchema.optional(),
  }),
  /**
   * The client sends request `of` again, same id and operation, to `node` (after a timeout, a crash, or
   * much later). Without `deadlineMs` it keeps the deadline of the request's first attempt.
   */
  z.strictObject({
    kind: z.literal('retry'),
    of: requestIdSchema,
    node: nodeIdSchema,
    deadlineMs: deadlineSchema.optional(),
  }),
  /** A change to the network or to a node's pause state. */
  z.strictObject({ kind: z.literal('fault'), change: faultChangeSchema }),
  /**
   * Kill a node now, or arm it to die right after its next persist, before it sends anything, or
   * (beforePersist) at its next write, after the messages that may leave before it and before the write.
   */
  z.strictObject({
    kind: z.literal('crash'),
    node: nodeIdSchema,
    point: z.enum(['now', 'afterPersist', 'beforePersist']).default('now'),
  }),
  /** Start a crashed node again from its durable records (on a running node: cancel an armed crash). */
  z.strictObject({ kind: z.literal('restart'), node: nodeIdSchema }),
  /** Delete a node's disk and start it learner-only (it may be running or crashed). */
  z.strictObject({ kind: z.literal('wipe'), node: nodeIdSchema }),
  /** Let simulated time run to `toMs`, processing every tick and arrival due by then. */
  z.strictObject({
    kind: z.literal('advance'),
    toMs: z
      .number()
      .int('must be a whole number of ms')
      .min(0)
      .max(simulatedMsMax, `must be at most ${simulatedMsMax} ms`),
  }),
  /**
   * Step mode: process the one earliest event on the agenda (a message arriving or a tick), moving
   * the clock to its time. A run of steps ends in the same state as the advance over the same events.
   */
  z.strictObject({ kind: z.literal('step') }),
  /** Teaching mode: deliver this message now, whatever its delay or hold. */
  z.strictObject({ kind: z.literal('deliver'), wireId: wireIdSchema }),
  /** Teaching mode: lose this message. */
  z.strictObject({ kind: z.literal('drop'), wireId: wireIdSchema }),
  /** Teaching mode: put a second copy of this message on the wire. */
  z.strictObject({ kind: z.literal('duplicate'), wireId: wireIdSchema }),
]);

/** How a simulated cluster is built; everything has a default. */
export const simOptionsSchema = z
  .strictObject({
    /** The cluster's shape; the embedded default (3 datacenters x 2 nodes) when omitted. */
    topology: topologySchema.optional(),
    /** Every running node gets a tick this often, in simulated ms. */
    tickIntervalMs: z
      .number()
      .int()
      .min(1, 'must be at least 1 ms')
      .max(1000, 'must be at most 1000 ms')
      .default(5),
    /** The transport's own one-way latency is uniform in [latencyMinMs, latencyMaxMs]. */
    latencyMinMs: z
      .number()
      .int()
      .min(0, 'must be at least 0')
      .max(60_000, 'must be at most 60000 ms')
      .default(1),
    latencyMaxMs: z
      .number()
      .int()
      .min(0, 'must be at least 0')
      .max(60_000, 'must be at most 60000 ms')
      .default(3),
    /** Whether cores may use the one-round-trip fast band. */
    fastPath: z.boolean().default(true),
    /** The replication protocol every node runs. */
    protocol: z.enum(protocolNames).default('paxoskv'),
  })
  .refine((options) => options.latencyMinMs <= options.latencyMaxMs, {
    path: ['latencyMaxMs'],
    message: 'must be at least latencyMinMs',
  });

export type ClientOp = z.infer<typeof clientOpSchema>;
export type SimInput = z.infer<typeof simInputSchema>;
export type SimInputDraft = z.input<typeof simInputSchema>;
export type SimOptions = z.infer<typeof simOptionsSchema>;
export type SimOptionsInput = z.input<typeof simOptionsSchema>;

/** An input the simulation cannot apply; `field` is a path such as "input.node" or "options.latencyMaxMs". */
export class SimulationError extends FieldError {
  override name = 'SimulationError';
}

/** Parses with a schema, or throws a SimulationError naming `prefix`.field and the broken limit. */
export function parseSimulationInput<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw SimulationError.from(zodProblem(parsed.error, prefix));
}
