/**
 * The one typed contract between the console's main process and its renderer. Every command is an
 * `{ input, output }` pair of schemas and every main → renderer event a payload schema; types are inferred
 * and channel ids derived, so the console service, both bridges, the preload and the clients cannot drift.
 */
import { z } from 'zod';
import { topologySchema } from '../model/topology';
import { protocolNames } from '../protocol/protocol';
import {
  clusterEventSchema,
  nodeViewSchema,
  runningTopologySchema,
  snapshotSchema,
  stateDeltaSchema,
} from './console-state';
import { contractErrorFromZod, ContractFailure } from './errors';
import {
  applyFaultInputSchema,
  faultOutcomeSchema,
  heldMessageSchema,
  protocolPaceOutcomeSchema,
  releaseHeldInputSchema,
  setProtocolPaceInputSchema,
} from './fault-schemas';
import { checkerCommands } from './checker-run';
import { simulationCommands } from './simulation-commands';
import { lessonCommands } from './lesson-commands';
import { comparisonCommands } from './comparison-run';
import { inspectKeyInputSchema, plogViewSchema } from './plog-view';
import { kvCommandResultSchema, kvInputSchema } from './kv-schemas';
import { structureCommands } from './structure-commands';

/** The largest trace file the console imports (a full recorder exports well under this). */
export const traceBytesMax = 64 * 1024 * 1024;
/** The largest topology file text accepted. */
export const topologyTextBytesMax = 1024 * 1024;

const nothing = z.strictObject({});
const nodeInput = z.strictObject({ nodeId: z.string().min(1).max(32) });
const syncPolicy = z.enum(['always', 'never']);

/** A topology given as an object or as YAML/JSON text (at most one); neither means the embedded default. */
const topologySource = {
  topology: topologySchema.optional(),
  topologyText: z.string().min(1).max(topologyTextBytesMax).optional(),
};

/** One line an agent wrote to stdout or stderr (interleaved as they arrived). */
const logLineSchema = z.strictObject({ timeMs: z.number(), text: z.string() });

function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const commands = {
  /** The whole console state; deltas numbered after `seq` follow as `stateDelta` events. */
  getSnapshot: command(nothing, snapshotSchema),
  /** Spawns one agent per node under a fresh run directory; answers once every agent is ready. */
  startCluster: command(
    z.strictObject({
      ...topologySource,
      /** `free` picks unused ports; `topology` keeps the ports the topology names. */
      ports: z.enum(['free', 'topology']).default('free'),
      /** `never` skips fsync on promises and accepts: faster, not crash-safe, and the UI says so. */
      sync: syncPolicy.default('always'),
      /** The protocol every agent runs, in place of the topology's own (app/protocol). */
      protocol: z.enum(protocolNames).optional(),
    }),
    z.strictObject({
      runId: z.string(),
      dataDir: z.string(),
      /** The run's control token, for attaching another console (or `npm run ctl`) to these agents. */
      token: z.string(),
      topology: runningTopologySchema,
      nodes: z.array(nodeViewSchema),
    }),
  ),
  /** Stops every agent the console started (SIGTERM, then SIGKILL after a grace period). */
  stopCluster: command(nothing, z.strictObject({ stopped: z.number().int().min(0) })),
  /** Connects to agents that already run; the topology names them, `addresses` overrides where they listen. */
  attachCluster: command(
    z.strictObject({
      ...topologySource,
      /** node id → "host:port", for agents not at the topology's address. */
      addresses: z
        .record(
          z.string().min(1).max(32),
          z.string().regex(/^[A-Za-z0-9.\-[\]:]{1,253}:\d{1,5}$/, 'must be host:port'),
        )
        .default({}),
      /** The cluster's control token (the agents' --token), sent with every ControlService call. */
      token: z
        .string()
        .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16 to 256 printable ASCII characters without spaces'),
    }),
    z.strictObject({ topology: runningTopologySchema, nodes: z.array(nodeViewSchema) }),
  ),
  /** Disconnects from attached agents and leaves them running. */
  detachCluster: command(nothing, nothing),
  /** SIGKILL (or, for an attached agent, its Crash call): no goodbye, the disk keeps whatever was fsynced. */
  killNode: command(nodeInput, nodeViewSchema),
  /** Starts a stopped, killed or exited node again on its own data directory. */
  restartNode: command(nodeInput, nodeViewSchema),
  /** Kills the node, deletes its data directory and starts it learner-only. */
  wipeAndRestartNode: command(nodeInput, nodeViewSchema),
  /** The node stops processing (its peers see it as silent) but keeps its state; the view's `pausedBy` says how. */
  pauseNode: command(nodeInput, nodeViewSchema),
  resumeNode: command(nodeInput, nodeViewSchema),
  /** One get, put, delete or cas through the chosen node, timed; a refused operation is a result too. */
  kv: command(kvInputSchema, kvCommandResultSchema),
  /** One replica's durable PLog for a key, with its header and proposer phase (the PLog lens). */
  inspectKey: command(inspectKeyInputSchema, plogViewSchema),
  /** Changes the cluster's faults (partition, cut, link rule, pause, hold, heal) at every agent. */
  applyFault: command(applyFaultInputSchema, faultOutcomeSchema),
  /** Every message held for step-through, at every agent, oldest first. */
  listHeld: command(nothing, z.strictObject({ messages: z.array(heldMessageSchema) })),
  /** Delivers, drops or duplicates one held message at the agent that holds it. */
  releaseHeld: command(releaseHeldInputSchema, z.strictObject({ heldCount: z.number().int().min(0) })),
  /**
   * How fast every agent's protocol time runs (timeouts, retries, deadlines), kept for agents that
   * restart; a setting, so heal leaves it. Hold mode stops time on every agent whatever it says.
   */
  setProtocolPace: command(setProtocolPaceInputSchema, protocolPaceOutcomeSchema),
  /** The newest lines the agent wrote to stdout and stderr (the console keeps a bounded tail per node). */
  getNodeLog: command(
    z.strictObject({
      nodeId: nodeInput.shape.nodeId,
      linesMax: z.number().int().min(1).max(5000).default(200),
    }),
    z.strictObject({
      nodeId: z.string(),
      lines: z.array(logLineSchema),
      /** Lines pushed out of the tail since the node was first started. */
      droppedLines: z.number().int().min(0),
    }),
  ),
  /** Pages through the recorder: positions count every event since the recorder was cleared. */
  readEvents: command(
    z.strictObject({
      from: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(1000),
    }),
    z.strictObject({
      events: z.array(clusterEventSchema),
      /** The position of events[0]; above `from` when older events were evicted. */
      from: z.number().int().min(0),
      /** The position to ask for next. */
      next: z.number().int().min(0),
      /** The oldest position still held. */
      firstHeld: z.number().int().min(0),
    }),
  ),
  /** The recorder as a trace file: a header naming the topology, then JSON lines of ClusterEvent. */
  exportTrace: command(
    nothing,
    z.strictObject({ fileName: z.string(), eventCount: z.number().int().min(0), text: z.string() }),
  ),
  /** Loads a trace for offline viewing; needs no agents, and refuses while a cluster runs. */
  importTrace: command(
    z.strictObject({
      fileName: z.string().min(1).max(255).default('trace.jsonl'),
      text: z.string().max(traceBytesMax),
    }),
    z.strictObject({ eventCount: z.number().int().min(0) }),
  ),
  ...checkerCommands,
  ...comparisonCommands,
  ...simulationCommands,
  ...lessonCommands,
  ...structureCommands,
} as const;

/** Main → renderer events. */
export const events = {
  /** One numbered change to the snapshot. */
  stateDelta: stateDeltaSchema,
} as const;

type Commands = typeof commands;
export type CommandName = keyof Commands;
/** What a caller passes (defaults may be left out). */
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
/** What the service receives, defaults filled in. */
export type CommandArgs<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** The console service: one handler per command, inputs already validated. */
export type ConsoleHandlers = {
  [N in CommandName]: (input: CommandArgs<N>) => Promise<CommandOutput<N>>;
};

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function commandChannel(name: CommandName): `console:${CommandName}` {
  return `console:${name}`;
}

export function eventChannel(name: EventName): `console:${EventName}` {
  return `console:${name}`;
}

/** Validates a command's input; a failure names the field and the limit. */
export function parseCommandInput<N extends CommandName>(name: N, input: unknown): CommandArgs<N> {
  const parsed = commands[name].input.safeParse(input ?? {});
  if (!parsed.success) throw new ContractFailure(contractErrorFromZod(parsed.error));
  return parsed.data as CommandArgs<N>;
}
