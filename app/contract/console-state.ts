/**
 * What the renderer knows about the console: one snapshot, kept current by numbered deltas. The console
 * service builds its own snapshot with the same `applyDelta`, so a snapshot and the deltas after it can
 * never disagree.
 */
import { z } from 'zod';
import { EventValidationError, parseClusterEvent, type ClusterEvent } from '../model/cluster-event';
import { faultStateSchema, healthyFaultState } from '../model/fault-model';
import { groupSchema, topologySchema } from '../model/topology';
import { applyCheckerChange, checkerChangeSchemas, checkerRunSchema, idleCheckerRun } from './checker-run';
import {
  applyComparisonChange,
  comparisonChangeSchemas,
  comparisonRunSchema,
  idleComparisonRun,
} from './comparison-run';

/** How many of the newest events a snapshot carries; older ones are read with `readEvents`. */
export const recentEventsMax = 2000;

/**
 * The most events an `eventsRewound` change drops (a simulated cluster's step back or branch switch);
 * beyond it the console clears its events and sends the new present whole. The renderer keeps enough
 * of its own history to cut this far back (renderer/store/rewind-history.ts, simulatedRewindLimits).
 */
export const rewindDropMax = 60_000;

/** A cluster event, checked with the model's own parser so that errors name the same fields. */
export const clusterEventSchema = z.unknown().transform((value, context): ClusterEvent => {
  try {
    return parseClusterEvent(value);
  } catch (error) {
    if (!(error instanceof EventValidationError)) throw error;
    const path = error.field === '(event)' ? [] : error.field.split('.');
    context.issues.push({ code: 'custom', input: value, path, message: error.message });
    return z.NEVER;
  }
});

/** A validated topology with its groups filled in, as the console runs it. */
export const runningTopologySchema = topologySchema.extend({ groups: z.array(groupSchema) });

export const nodeActions = ['kill', 'restart', 'wipeAndRestart', 'pause', 'resume'] as const;
export type NodeAction = (typeof nodeActions)[number];

export const nodeViewSchema = z.strictObject({
  id: z.string(),
  datacenterId: z.string(),
  miniClusterId: z.string(),
  groupId: z.string(),
  /** host:port of the agent's gRPC server. */
  address: z.string(),
  /**
   * The process as the console sees it: `external` for an attached agent the console did not start,
   * `killed` after SIGKILL, `exited` when it ended by itself, `stopped` after a clean stop.
   */
  process: z.enum(['starting', 'running', 'paused', 'killed', 'exited', 'stopped', 'external']),
  pid: z.number().int().nullable(),
  /**
   * How the node is paused: by the agent's ControlService (it keeps answering status and events but
   * processes no input). `sigstop` (the whole process frozen by signal) is no longer produced now that
   * every agent pauses by RPC.
   */
  pausedBy: z.enum(['sigstop', 'control-rpc']).nullable(),
  /** From the agent's Health probe; `unreachable` when the probe fails. */
  health: z.enum(['unknown', 'serving', 'not-serving', 'unreachable']),
  healthReason: z.string(),
  learnerOnly: z.boolean(),
  /** True when the agent runs with --sync never (promises and accepts not fsynced): the UI warns. */
  syncRelaxed: z.boolean(),
  /**
   * How fast the agent's protocol time (timeouts, retries, deadlines) runs, from its status: 1 normal,
   * a fraction in slow motion, 0 stopped (hold mode). Null or absent while unknown.
   */
  protocolRate: z.number().min(0).max(1).nullable().optional(),
  /** The agent's full-data verifier (GetStatus.verification); null or absent when none runs or unknown. */
  verification: z
    .strictObject({
      keysVerified: z.number().int().min(0),
      divergences: z.number().int().min(0),
      repairs: z.number().int().min(0),
      /** Wall ms of the last comparison a peer answered; 0 before one. */
      lastVerifiedUnixMs: z.number().min(0),
      keysPerSecond: z.number().min(0),
      /** How soon a corrupt copy of any key the agent holds is found at this pace. */
      detectionBoundMs: z.number().min(0),
    })
    .nullable()
    .optional(),
  restarts: z.number().int().min(0),
  exit: z.strictObject({ code: z.number().int().nullable(), signal: z.string().nullable() }).nullable(),
  /** Events this agent reported dropping because the console fell behind. */
  eventsDropped: z.number().int().min(0),
  /** What the console can do to this node now, so buttons need no rules of their own. */
  actions: z.array(z.enum(nodeActions)),
});
export type NodeView = z.infer<typeof nodeViewSchema>;

export const clusterViewSchema = z.strictObject({
  /**
   * `spawned`: agents the console started; `attached`: agents found by address; `simulated`: a run of
   * the simulator inside the console (no agent processes); `trace`: an imported file.
   */
  mode: z.enum(['none', 'spawned', 'attached', 'simulated', 'trace']),
  phase: z.enum(['stopped', 'starting', 'running', 'stopping', 'failed']),
  topology: runningTopologySchema.nullable(),
  runId: z.string().nullable(),
  dataDir: z.string().nullable(),
  sync: z.enum(['always', 'never']),
  /** While starting: how many agents answer their readiness probe. */
  progress: z
    .strictObject({
      readyCount: z.number().int().min(0),
      total: z.number().int().min(0),
      message: z.string(),
    })
    .nullable(),
  /** Why the cluster failed, in a sentence, when phase is `failed`. */
  error: z.string().nullable(),
  /** The imported trace's file name in `trace` mode. */
  traceName: z.string().nullable(),
  /**
   * The protocol rate chosen for every agent (setProtocolPace): 1 real time, a fraction slow motion, 0
   * stopped; absent means real time. Hold mode still stops time whatever this says.
   */
  protocolPace: z.number().min(0).max(1).optional(),
});
export type ClusterView = z.infer<typeof clusterViewSchema>;

export const recorderViewSchema = z.strictObject({
  /** The ring buffer's size in events; memory stays flat at this. */
  capacity: z.number().int().min(1),
  /** Events held now (at most capacity). */
  held: z.number().int().min(0),
  /** Events seen since the recorder was cleared. */
  total: z.number().int().min(0),
  /** Events pushed out of the ring by newer ones. */
  evicted: z.number().int().min(0),
  /** Events the agents reported dropping (their streams are bounded and never block the protocol). */
  droppedByAgents: z.number().int().min(0),
});
export type RecorderView = z.infer<typeof recorderViewSchema>;

export const snapshotSchema = z.strictObject({
  /** The number of the last delta folded into this snapshot; the next delta is seq + 1. */
  seq: z.number().int().min(0),
  cluster: clusterViewSchema,
  nodes: z.array(nodeViewSchema),
  recorder: recorderViewSchema,
  /** The faults in force (partitions, link rules, pauses, holds), as the console applied them. */
  faults: faultStateSchema,
  /** The newest events, oldest first, at most recentEventsMax. */
  recentEvents: z.array(clusterEventSchema),
  /** The checked run going on, or the last one (checker-run.ts). */
  checker: checkerRunSchema,
  /** The protocol comparison going on, or the last one (comparison-run.ts). */
  comparison: comparisonRunSchema,
});
export type ConsoleSnapshot = z.infer<typeof snapshotSchema>;

export const stateChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cluster'), cluster: clusterViewSchema }),
  /** Replaces every node (on start, attach, stop). */
  z.strictObject({ kind: z.literal('nodes'), nodes: z.array(nodeViewSchema) }),
  /** Replaces one node, or adds it. */
  z.strictObject({ kind: z.literal('node'), node: nodeViewSchema }),
  /** New events in merged order. */
  z.strictObject({ kind: z.literal('events'), events: z.array(clusterEventSchema) }),
  /** The recorder was cleared (a new cluster, an import): drop the events you hold. */
  z.strictObject({ kind: z.literal('eventsCleared') }),
  /**
   * The present was replaced (a simulated cluster went back or switched branch): drop the newest
   * `dropped` events you hold, then these follow, in merged order. Only what differs travels.
   */
  z.strictObject({
    kind: z.literal('eventsRewound'),
    dropped: z.number().int().min(0).max(rewindDropMax),
    events: z.array(clusterEventSchema),
  }),
  z.strictObject({ kind: z.literal('recorder'), recorder: recorderViewSchema }),
  z.strictObject({ kind: z.literal('faults'), faults: faultStateSchema }),
  ...checkerChangeSchemas,
  ...comparisonChangeSchemas,
]);
export type StateChange = z.infer<typeof stateChangeSchema>;

export const stateDeltaSchema = z.strictObject({
  /** One more than the previous delta's; a jump means deltas were missed: fetch a snapshot. */
  seq: z.number().int().min(1),
  change: stateChangeSchema,
});
export type StateDelta = z.infer<typeof stateDeltaSchema>;

/** Folds one delta into a snapshot. Pure: the service and the clients share it. */
export function applyDelta(snapshot: ConsoleSnapshot, delta: StateDelta): ConsoleSnapshot {
  const next = { ...snapshot, seq: delta.seq };
  const change = delta.change;
  switch (change.kind) {
    case 'cluster':
      return { ...next, cluster: change.cluster };
    case 'nodes':
      return { ...next, nodes: change.nodes };
    case 'node':
      return { ...next, nodes: upsertNode(snapshot.nodes, change.node) };
    case 'events':
      return { ...next, recentEvents: appendBounded(snapshot.recentEvents, change.events) };
    case 'eventsCleared':
      return { ...next, recentEvents: [] };
    case 'eventsRewound': {
      const kept = snapshot.recentEvents.slice(0, Math.max(0, snapshot.recentEvents.length - change.dropped));
      return { ...next, recentEvents: appendBounded(kept, change.events) };
    }
    case 'recorder':
      return { ...next, recorder: change.recorder };
    case 'faults':
      return { ...next, faults: change.faults };
    case 'checkerStarted':
    case 'checkerProgress':
    case 'checkerStatus':
      return { ...next, checker: applyCheckerChange(snapshot.checker, change) };
    case 'comparisonStarted':
    case 'comparisonProtocol':
    case 'comparisonFaults':
    case 'comparisonStatus':
      return { ...next, comparison: applyComparisonChange(snapshot.comparison, change) };
  }
}

function upsertNode(nodes: readonly NodeView[], node: NodeView): NodeView[] {
  const index = nodes.findIndex((candidate) => candidate.id === node.id);
  if (index < 0) return [...nodes, node];
  return nodes.map((candidate, i) => (i === index ? node : candidate));
}

function appendBounded(events: readonly ClusterEvent[], added: readonly ClusterEvent[]): ClusterEvent[] {
  const joined = events.concat(added);
  return joined.length > recentEventsMax ? joined.slice(joined.length - recentEventsMax) : joined;
}

/** The state before any cluster: what a fresh console shows. */
export function emptySnapshot(recorderCapacity: number): ConsoleSnapshot {
  return {
    seq: 0,
    cluster: {
      mode: 'none',
      phase: 'stopped',
      topology: null,
      runId: null,
      dataDir: null,
      sync: 'always',
      progress: null,
      error: null,
      traceName: null,
    },
    nodes: [],
    recorder: { capacity: recorderCapacity, held: 0, total: 0, evicted: 0, droppedByAgents: 0 },
    faults: healthyFaultState(),
    recentEvents: [],
    checker: idleCheckerRun,
    comparison: idleComparisonRun,
  };
}
