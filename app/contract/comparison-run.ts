/**
 * The console's protocol comparison (`npm run check -- --compare` made live): the same workload, seed
 * and fault schedule on a fresh cluster of each chosen protocol in turn, each protocol's progress and
 * availability per time bucket streamed while it runs, and the comparison table once it is checked.
 * The user's own cluster is not touched: every protocol gets a cluster of its own.
 */
import { z } from 'zod';
import { protocolNames } from '../protocol/protocol';
import { faultKinds } from './checker-vocabulary';
import { verdictSchema } from './checker-run';

export const comparisonLimits = {
  protocolsMin: 2,
  /**
   * Per protocol: room for the nemesis's warm-up, its first fault at its longest (network faults
   * start at 3.75 s and last up to 5 s) and the 3 s healthy tail, so every run gets a fault.
   */
  durationMsMin: 12_000,
  durationMsMax: 300_000,
  clientsMax: 64,
  keysMax: 1000,
  rateOpsPerSecondMax: 1000,
  seedMax: 2 ** 31 - 1,
  /** Time buckets of the availability chart, at most. */
  bucketsMax: 60,
} as const;

export const startComparisonInputSchema = z.strictObject({
  /** In the order they run; each once. */
  protocols: z
    .array(z.enum(protocolNames))
    .min(comparisonLimits.protocolsMin)
    .max(protocolNames.length)
    .refine((names) => new Set(names).size === names.length, 'must name each protocol once'),
  /** Fault kinds the nemesis draws from; the same schedule on every protocol. */
  nemesis: z.array(z.enum(faultKinds)).max(faultKinds.length).default(['partition']),
  /** The workload's length on each protocol. */
  durationMs: z
    .number()
    .int()
    .min(comparisonLimits.durationMsMin)
    .max(comparisonLimits.durationMsMax)
    .default(20_000),
  /** Seeds the keys, the mix and the fault schedule; the console picks one when left out. */
  seed: z.number().int().min(0).max(comparisonLimits.seedMax).optional(),
  clients: z.number().int().min(1).max(comparisonLimits.clientsMax).default(8),
  keys: z.number().int().min(1).max(comparisonLimits.keysMax).default(10),
  rateOpsPerSecond: z.number().int().min(1).max(comparisonLimits.rateOpsPerSecondMax).default(100),
});
export type StartComparisonInput = z.input<typeof startComparisonInputSchema>;

/** The settings a comparison used: the input with its defaults and seed filled in. */
export const comparisonSettingsSchema = startComparisonInputSchema.required({ seed: true });
export type ComparisonSettings = z.output<typeof comparisonSettingsSchema>;

/** One protocol's line of the table (`npm run check -- --compare` prints the same rows). */
export const comparisonRowSchema = z.union([
  z.strictObject({
    protocol: z.enum(protocolNames),
    /** Workload operations called (the settle reads after the heal are not counted). */
    operations: z.number().int().min(0),
    /** Operations that ended ok, per second of workload. */
    okPerSecond: z.number().min(0),
    p50Ms: z.number().min(0),
    p99Ms: z.number().min(0),
    /**
     * Share of operations called while a fault was in force that the store answered (ok, or a
     * compare-and-set refused with the key's current version); null: none were.
     */
    availabilityDuringFaults: z.number().min(0).max(1).nullable(),
    availabilityOutsideFaults: z.number().min(0).max(1).nullable(),
    firstAccessFailureRate: z.number().min(0).max(1),
    verdict: verdictSchema,
    /** Anomaly kinds the checker named, most frequent first, e.g. "lost-update 2". */
    anomalies: z.array(z.string()),
    lostWrites: z.number().int().min(0),
    /** Whether the healed cluster answered every key through every replica. */
    settled: z.boolean(),
  }),
  z.strictObject({ protocol: z.enum(protocolNames), error: z.string() }),
]);
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

/**
 * Availability over the run's clock: operations called in each bucket of `bucketMs` (bucket i covers
 * [i·bucketMs, (i+1)·bucketMs)), and how many of them the store answered.
 */
export const availabilitySeriesSchema = z.strictObject({
  bucketMs: z.number().int().min(1),
  called: z.array(z.number().int().min(0)).max(comparisonLimits.bucketsMax),
  answered: z.array(z.number().int().min(0)).max(comparisonLimits.bucketsMax),
});
export type AvailabilitySeries = z.infer<typeof availabilitySeriesSchema>;

export const protocolRunStatuses = [
  'waiting',
  'starting',
  'running',
  'settling',
  'checking',
  'done',
  'failed',
] as const;
export type ProtocolRunStatus = (typeof protocolRunStatuses)[number];

export const protocolRunSchema = z.strictObject({
  protocol: z.enum(protocolNames),
  status: z.enum(protocolRunStatuses),
  series: availabilitySeriesSchema,
  /** The table's row once checked (or why the protocol did not run). */
  row: comparisonRowSchema.nullable(),
  /** Where its history, faults and HTML view were written. */
  outDir: z.string().nullable(),
});
export type ProtocolRun = z.infer<typeof protocolRunSchema>;

/** A planned fault of the shared schedule, on the run's clock. */
export const comparisonFaultSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(faultKinds),
  label: z.string(),
  startMs: z.number().min(0),
  endMs: z.number().min(0),
});
export type ComparisonFault = z.infer<typeof comparisonFaultSchema>;

/** `stopping`: the protocol running winds down (heal, settle, check) and the rest are skipped. */
export const comparisonStatuses = ['idle', 'running', 'stopping', 'done', 'failed'] as const;
export type ComparisonStatus = (typeof comparisonStatuses)[number];

export const comparisonRunSchema = z.strictObject({
  status: z.enum(comparisonStatuses),
  runId: z.string().nullable(),
  settings: comparisonSettingsSchema.nullable(),
  protocols: z.array(protocolRunSchema),
  /** The fault schedule every protocol got (one seed), as the runs applied it. */
  faults: z.array(comparisonFaultSchema),
  error: z.string().nullable(),
});
export type ComparisonRun = z.infer<typeof comparisonRunSchema>;

export const comparisonChangeSchemas = [
  /** A new comparison replaces the last one. */
  z.strictObject({ kind: z.literal('comparisonStarted'), run: comparisonRunSchema }),
  /** One protocol's progress, series or row (replaces its entry). */
  z.strictObject({ kind: z.literal('comparisonProtocol'), run: protocolRunSchema }),
  /** Planned faults seen applied (replace by id, new ones appended). */
  z.strictObject({ kind: z.literal('comparisonFaults'), faults: z.array(comparisonFaultSchema) }),
  z.strictObject({
    kind: z.literal('comparisonStatus'),
    status: z.enum(comparisonStatuses),
    error: z.string().nullable(),
  }),
] as const;
export type ComparisonChange = z.infer<(typeof comparisonChangeSchemas)[number]>;

export const idleComparisonRun: ComparisonRun = {
  status: 'idle',
  runId: null,
  settings: null,
  protocols: [],
  faults: [],
  error: null,
};

/** Folds one change into the comparison. Pure: main's snapshot and the clients share it. */
export function applyComparisonChange(run: ComparisonRun, change: ComparisonChange): ComparisonRun {
  switch (change.kind) {
    case 'comparisonStarted':
      return change.run;
    case 'comparisonProtocol':
      return {
        ...run,
        protocols: run.protocols.map((entry) =>
          entry.protocol === change.run.protocol ? change.run : entry,
        ),
      };
    case 'comparisonFaults': {
      const byId = new Map(run.faults.map((fault) => [fault.id, fault]));
      for (const fault of change.faults) byId.set(fault.id, fault);
      return { ...run, faults: [...byId.values()].sort((a, b) => a.startMs - b.startMs) };
    }
    case 'comparisonStatus':
      return { ...run, status: change.status, error: change.error };
  }
}

/** True while a comparison runs (a second one is refused). */
export function isComparisonBusy(status: ComparisonStatus): boolean {
  return status === 'running' || status === 'stopping';
}

export const comparisonCommands = {
  /**
   * Runs the same workload and fault schedule on a fresh cluster of each protocol in turn, in the
   * background; the console's own cluster is left as it is. Refuses while a comparison or a checked
   * run is going on.
   */
  startComparison: {
    input: startComparisonInputSchema,
    output: z.strictObject({ runId: z.string(), settings: comparisonSettingsSchema }),
  },
  /** Ends the protocol running early (it still heals, settles and is checked) and skips the rest. */
  stopComparison: {
    input: z.strictObject({}),
    output: z.strictObject({ status: z.enum(comparisonStatuses) }),
  },
} as const;
