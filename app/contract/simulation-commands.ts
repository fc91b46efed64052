/**
 * The console's simulated cluster (docs/simulated-cluster.md): start one, read its simulation state
 * (clock, what is pending, the safety checks, the branch tree) and act on it: run free or pause, step
 * one event, deliver a chosen message, fire a chosen timer, step back, run until a condition, branch,
 * switch branch, replay a seed. Everything else (reads and writes, faults, the lens, the Checker
 * panel) goes through the ordinary commands, which a simulated node serves as an agent does.
 */
import { z } from 'zod';
import { topologySchema } from '../model/topology';
import { protocolNames } from '../protocol/protocol';
import { nodeViewSchema, runningTopologySchema } from './console-state';

export const simulationLimits = {
  /**
   * Groups of six nodes: 4 groups are 24 nodes, the largest under the 27 a class may ask for. Every
   * topology has an even number of nodes (app/model/topology.ts: 3 datacenters, 2-node mini-clusters,
   * placement groups of six), so 27 itself cannot be built.
   */
  groupsMax: 4,
  /** The most nodes a simulated cluster may have, however its topology is given (the classroom's 27). */
  nodesMax: 27,
  seedMax: 0xffffffff,
  stepsBackMax: 1_000_000,
  runUntilStepsMax: 1_000_000,
  conditionCharsMax: 200,
  /** A `#sim=` fragment (app/simulator/scenario-share.ts) is at most this long. */
  scenarioCharsMax: 32_768,
  branchesMax: 64,
} as const;

const seedSchema = z.number().int().min(0).max(simulationLimits.seedMax);

export const startSimulatedInputSchema = z.strictObject({
  /** The run's seed; a fresh one when omitted. */
  seed: seedSchema.optional(),
  /** Groups of six nodes (3 datacenters × 2 per group), unless a topology or scenario gives the shape. */
  groups: z
    .number()
    .int()
    .min(1, 'must be 1 to 4 groups of six nodes')
    .max(
      simulationLimits.groupsMax,
      'must be 1 to 4 groups of six nodes (6 to 24): nodes come in groups of six (3 datacenters × a ' +
        '2-node mini-cluster), so 24 is the largest under the 27 a simulated cluster may have',
    )
    .default(1),
  protocol: z.enum(protocolNames).default('paxoskv'),
  topology: topologySchema.optional(),
  topologyText: z
    .string()
    .min(1)
    .max(1024 * 1024)
    .optional(),
  /** A shared scenario's URL fragment (`#sim=…` or `sim=…`): its options, seed and inputs. */
  scenario: z.string().min(1).max(simulationLimits.scenarioCharsMax).optional(),
  /** Start paused (stepping) rather than running free. */
  paused: z.boolean().default(false),
});

const pendingMessageSchema = z.strictObject({
  wireId: z.number().int(),
  from: z.string(),
  to: z.string(),
  type: z.string(),
  /** The message as the trace words it, e.g. `accept k1#2 b(1,n1) c1="v1"@2`. */
  text: z.string(),
  sentAtMs: z.number(),
  /** Null while held. */
  deliverAtMs: z.number().nullable(),
  held: z.boolean(),
});

const pendingTimerSchema = z.strictObject({
  node: z.string(),
  /** What fires, in words: "k1 round timeout", "k1 backoff ends", "tick". */
  what: z.string(),
  atMs: z.number(),
});

const invariantSchema = z.strictObject({
  /** The checker's name for it, e.g. `one-value-chosen`. */
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  /** The first break on this path: the step, the time and what happened. */
  broken: z.strictObject({ step: z.number().int(), atMs: z.number(), detail: z.string() }).nullable(),
});

const branchSchema = z.strictObject({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  label: z.string(),
  /** The step of the parent this branch left from. */
  forkStep: z.number().int(),
  /** The step its saved end reached (the current step for the current branch). */
  endStep: z.number().int(),
  endMs: z.number(),
});

export const simulationViewSchema = z.strictObject({
  seed: z.number().int(),
  protocol: z.enum(protocolNames),
  nodeCount: z.number().int(),
  nowMs: z.number(),
  /** Events and inputs so far on this path (the step number). */
  stepCount: z.number().int(),
  /** Running free at the pace, or paused for stepping. */
  running: z.boolean(),
  /** Simulated ms per wall ms while running (the console's protocol pace). */
  pace: z.number(),
  /** Hold mode stops simulated time as it stops the agents' timers. */
  holding: z.boolean(),
  /** Steps a back undid that "forward" would redo (this branch goes on past here). */
  stepsAhead: z.number().int(),
  messages: z.array(pendingMessageSchema),
  timers: z.array(pendingTimerSchema),
  /** When the next event on the agenda falls due. */
  nextEventAtMs: z.number().nullable(),
  invariants: z.array(invariantSchema),
  /** Whether the checks apply to this protocol (they read PaxosKV's records and messages). */
  invariantsChecked: z.boolean(),
  branches: z.array(branchSchema),
  currentBranchId: z.number().int(),
  /** The last run-until, in words. */
  lastRun: z
    .strictObject({ condition: z.string(), met: z.boolean(), steps: z.number().int(), note: z.string() })
    .nullable(),
});
export type SimulationView = z.infer<typeof simulationViewSchema>;
export type PendingMessage = z.infer<typeof pendingMessageSchema>;
export type PendingTimer = z.infer<typeof pendingTimerSchema>;

export const simulationActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('run') }),
  z.strictObject({ action: z.literal('pause') }),
  /** One event: the earliest on the agenda. */
  z.strictObject({ action: z.literal('step') }),
  /** The message with this wire id arrives now, ahead of its time. */
  z.strictObject({ action: z.literal('deliver'), wireId: z.number().int().min(1) }),
  /** Time moves to the tick at or after `atMs`, where the timer fires (see docs/simulated-cluster.md). */
  z.strictObject({
    action: z.literal('fireTimer'),
    atMs: z.number().int().min(0).max(86_400_000),
  }),
  z.strictObject({
    action: z.literal('back'),
    steps: z.number().int().min(1).max(simulationLimits.stepsBackMax).default(1),
  }),
  /** Redo steps a back undid, on the same branch. */
  z.strictObject({
    action: z.literal('forward'),
    steps: z.number().int().min(1).max(simulationLimits.stepsBackMax).default(1),
  }),
  z.strictObject({
    action: z.literal('runUntil'),
    condition: z.string().min(1).max(simulationLimits.conditionCharsMax),
    stepsMax: z.number().int().min(1).max(simulationLimits.runUntilStepsMax).default(100_000),
  }),
  /** A new branch from the present; the branch left keeps its future. */
  z.strictObject({ action: z.literal('branch') }),
  z.strictObject({ action: z.literal('switchBranch'), branchId: z.number().int().min(1) }),
  /** A fresh run of the same cluster from this seed (every branch is forgotten). */
  z.strictObject({ action: z.literal('replay'), seed: seedSchema }),
]);
export type SimulationAction = z.infer<typeof simulationActionSchema>;

export const simulationCommands = {
  /** Starts a simulated cluster in the console's main process: no agent processes; ready at once. */
  startSimulatedCluster: {
    input: startSimulatedInputSchema,
    output: z.strictObject({
      seed: z.number().int(),
      topology: runningTopologySchema,
      nodes: z.array(nodeViewSchema),
      /** How long the start took, wall-clock ms (the goal is under a second). */
      readyMs: z.number(),
    }),
  },
  /** The simulated cluster's clock, pending messages and timers, checks and branches. */
  simulationView: { input: z.strictObject({}), output: simulationViewSchema },
  /** Acts on the simulated cluster's time; answers with the view after it. */
  simulationAct: { input: simulationActionSchema, output: simulationViewSchema },
} as const;
