/**
 * The console's checked run: a workload (and optionally a nemesis) on the running cluster, its
 * operations and faults streamed to the renderer in batches as they happen, and main's final,
 * authoritative check. Operations travel as lines of the history format (docs/history-format.md), so
 * what the renderer checks and what the user saves are the same text.
 */
import { z } from 'zod';
import { faultKinds, keyDistributions, readModes } from './checker-vocabulary';

export const checkerRunLimits = {
  clientsMax: 64,
  keysMax: 1000,
  rateOpsPerSecondMax: 1000,
  durationMsMin: 1000,
  durationMsMax: 600_000,
  seedMax: 2 ** 31 - 1,
  /**
   * Planned operations (rate × duration) of one run: every operation stays in the console's snapshot
   * until the next run, so this bounds what a reconnecting window downloads (about 200 bytes each).
   */
  plannedOperationsMax: 60_000,
} as const;

export const startCheckerRunInputSchema = z.strictObject({
  /** Closed-loop clients, each with one operation out at a time. */
  clients: z.number().int().min(1).max(checkerRunLimits.clientsMax).default(4),
  keys: z.number().int().min(1).max(checkerRunLimits.keysMax).default(5),
  distribution: z.enum(keyDistributions).default('zipfian'),
  /** Operations per second over all clients together; a slow cluster gets fewer. */
  rateOpsPerSecond: z.number().int().min(1).max(checkerRunLimits.rateOpsPerSecondMax).default(50),
  durationMs: z
    .number()
    .int()
    .min(checkerRunLimits.durationMsMin)
    .max(checkerRunLimits.durationMsMax)
    .default(20_000),
  /** Fault kinds the nemesis draws from; empty runs the workload alone. */
  nemesis: z.array(z.enum(faultKinds)).max(faultKinds.length).default([]),
  /** `one-replica-read` breaks reads on purpose (no Paxos), so the checker has violations to show. */
  readMode: z.enum(readModes).default('paxos'),
  /** Seeds the keys, the mix and the nemesis schedule; the console picks one when left out. */
  seed: z.number().int().min(0).max(checkerRunLimits.seedMax).optional(),
});
export type StartCheckerRunInput = z.input<typeof startCheckerRunInputSchema>;

/** The settings a run used: the input with its defaults and seed filled in. */
export const checkerSettingsSchema = startCheckerRunInputSchema.required({ seed: true });
export type CheckerSettings = z.output<typeof checkerSettingsSchema>;

/** `stopping`: the workload and nemesis wind down; then main heals, settles and checks. */
export const checkerStatuses = [
  'idle',
  'running',
  'stopping',
  'settling',
  'checking',
  'done',
  'failed',
] as const;
export type CheckerStatus = (typeof checkerStatuses)[number];

/** One operation as a line of the history format (JSON, no newline). */
export const historyLineSchema = z
  .string()
  .min(2)
  .max(64 * 1024);

export const checkerFaultSchema = z.strictObject({
  /** "f1", "f2"… in planned start order. */
  id: z.string(),
  kind: z.enum(faultKinds),
  /** What it did, for a band label: "kill n3", "partition dc2 | rest". */
  label: z.string(),
  /** On the run's clock, like the operations' callMs. */
  appliedMs: z.number(),
  /** Null while it is in force. */
  healedMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type CheckerFault = z.infer<typeof checkerFaultSchema>;

export const verdictSchema = z.enum(['ok', 'violation', 'unknown']);

export const checkerKeyVerdictSchema = z.strictObject({
  key: z.string(),
  verdict: verdictSchema,
  /** For a violation: the operation that could not be placed, and the others pending with it. */
  blockedOperationId: z.string().nullable(),
  concurrentOperationIds: z.array(z.string()),
  /** Why a key is unknown, in a sentence. */
  reason: z.string().nullable(),
  /** Length of the longest linearizable prefix found. */
  linearizedCount: z.number().int().min(0),
});
export type CheckerKeyVerdict = z.infer<typeof checkerKeyVerdictSchema>;

/** Main's check after heal and settle: the verdict the run stands by. */
export const checkerOutcomeSchema = z.strictObject({
  verdict: verdictSchema,
  keys: z.array(checkerKeyVerdictSchema),
  /** Acknowledged writes no read or final state shows. */
  lostWrites: z.array(z.strictObject({ operationId: z.string(), reason: z.string() })),
  /** "key@node" replica reads that still failed when settling gave up. */
  unreadable: z.array(z.string()),
  settleMs: z.number().min(0),
  checkMs: z.number().min(0),
});
export type CheckerOutcome = z.infer<typeof checkerOutcomeSchema>;

export const checkerRunSchema = z.strictObject({
  status: z.enum(checkerStatuses),
  runId: z.string().nullable(),
  settings: checkerSettingsSchema.nullable(),
  /** The run's key names, in key-index order. */
  keys: z.array(z.string()),
  /** Wall-clock time of the run clock's zero, for display. */
  startedAtMs: z.number().nullable(),
  /** Every operation so far, in the order they returned. */
  operations: z.array(historyLineSchema),
  faults: z.array(checkerFaultSchema),
  outcome: checkerOutcomeSchema.nullable(),
  /** Why the run failed, in a sentence. */
  error: z.string().nullable(),
});
export type CheckerRun = z.infer<typeof checkerRunSchema>;

export const checkerChangeSchemas = [
  /** A new run replaces the last one. */
  z.strictObject({ kind: z.literal('checkerStarted'), run: checkerRunSchema }),
  /** Operations returned and faults applied or healed since the last batch (faults replace by id). */
  z.strictObject({
    kind: z.literal('checkerProgress'),
    operations: z.array(historyLineSchema),
    faults: z.array(checkerFaultSchema),
  }),
  z.strictObject({
    kind: z.literal('checkerStatus'),
    status: z.enum(checkerStatuses),
    outcome: checkerOutcomeSchema.nullable(),
    error: z.string().nullable(),
  }),
] as const;
export type CheckerChange = z.infer<(typeof checkerChangeSchemas)[number]>;

export const idleCheckerRun: CheckerRun = {
  status: 'idle',
  runId: null,
  settings: null,
  keys: [],
  startedAtMs: null,
  operations: [],
  faults: [],
  outcome: null,
  error: null,
};

/** Folds one checker change into the run. Pure: main's snapshot and the clients share it. */
export function applyCheckerChange(run: CheckerRun, change: CheckerChange): CheckerRun {
  switch (change.kind) {
    case 'checkerStarted':
      return change.run;
    case 'checkerProgress':
      return {
        ...run,
        operations: change.operations.length > 0 ? run.operations.concat(change.operations) : run.operations,
        faults: change.faults.length > 0 ? upsertFaults(run.faults, change.faults) : run.faults,
      };
    case 'checkerStatus':
      return { ...run, status: change.status, outcome: change.outcome, error: change.error };
  }
}

/** The faults with `changed` put in place of those of the same id (new ones appended). */
export function upsertFaults(
  faults: readonly CheckerFault[],
  changed: readonly CheckerFault[],
): CheckerFault[] {
  const byId = new Map(faults.map((fault) => [fault.id, fault]));
  for (const fault of changed) byId.set(fault.id, fault);
  return [...byId.values()];
}

/** True while a run holds the cluster (a second one is refused). */
export function isCheckerBusy(status: CheckerStatus): boolean {
  return status === 'running' || status === 'stopping' || status === 'settling' || status === 'checking';
}

export const checkerCommands = {
  /** Starts a checked run on the running cluster; refuses while one runs. */
  startCheckerRun: {
    input: startCheckerRunInputSchema,
    output: z.strictObject({ runId: z.string(), settings: checkerSettingsSchema, keys: z.array(z.string()) }),
  },
  /** Ends the workload and nemesis early; main still heals, settles and checks what was recorded. */
  stopCheckerRun: {
    input: z.strictObject({}),
    output: z.strictObject({ status: z.enum(checkerStatuses) }),
  },
  /** The last run's history (JSON lines), faults and HTML view, for the renderer to save. */
  exportCheckerRun: {
    input: z.strictObject({}),
    output: z.strictObject({
      historyFileName: z.string(),
      history: z.string(),
      htmlFileName: z.string(),
      html: z.string(),
      operationCount: z.number().int().min(0),
    }),
  },
} as const;
