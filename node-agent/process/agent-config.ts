/**
 * The agent's command line: which node of which topology it is, where its PLog lives and how it binds.
 * Every mistake is a UsageError naming the flag or topology field; main.ts turns it into exit code 2.
 */
import { choiceFlag, integerFlag, parseFlags, requiredFlag, stringFlag, UsageError } from '../kit/cli/flags';
import { agentProtocolNames } from './agent-protocol';
import { defaultEventStreamOptions } from './events/event-stream';
import { loadTopology } from '../kit/cli/topology-flag';
import { nodeLocations, type NodeLocation, type Topology } from '../../app/model/topology';
import { controlTokenEnv } from '../../app/proto/control-metadata';
import { defaultVerifierPace, keysPerSecondMax } from '../../app/verification/schedule';

export type SyncPolicy = 'always' | 'never';

export interface AgentConfig {
  topology: Topology;
  /** This agent's entry in the topology (its id, port and place). */
  node: NodeLocation;
  dataDir: string;
  /** The address the gRPC server binds; the port comes from the topology. */
  host: string;
  /** Start without voting or serving until relearned (after a wiped disk). */
  learnerOnly: boolean;
  /** 'never' skips fsync on promise/accept: a demo knob that breaks crash safety, shown in the status. */
  sync: SyncPolicy;
  /** Exit when stdin closes, so a supervisor's death never leaves this agent behind. */
  exitWithParent: boolean;
  /** The cluster token ControlService calls must carry; null accepts every call (a lone developer agent). */
  token: string | null;
  /** Recent events kept for watchers that resume after a reconnect. */
  eventsRing: number;
  /** Events one slow watcher may have waiting before it loses them. */
  eventsWatcherQueue: number;
  /** Keys the full-data verifier compares per second (0: off); docs/data-verification.md. */
  verifyKeysPerSecond: number;
}

export const agentUsage = `Usage: agent --node ID --data-dir DIR [options]

Runs one Paxoscope node: a PaxosStore-style replica with its PLog on disk and gRPC on host:port.

  --node ID            this node's id in the topology (required)
  --data-dir DIR       where the PLog lives; created when missing (required)
  --topology FILE      topology YAML/JSON (default: the embedded 3 DC x 2 node topology, ports 7401-7406);
                       its protocol (${agentProtocolNames.join(' | ')}; default paxoskv) is what this agent runs, and
                       DIR must hold that protocol's records or none
  --host HOST          address to bind (default 127.0.0.1)
  --learner-only       do not vote or serve until relearned from peers (use after wiping DIR)
  --sync always|never  fsync promises and accepts before revealing them (default always; never = demo)
  --exit-with-parent   exit when stdin closes (used by supervisors)
  --events-ring N      recent events kept for resuming watchers (default ${defaultEventStreamOptions.ringCapacity})
  --events-queue N     events a slow watcher may have waiting before it loses them (default ${defaultEventStreamOptions.watcherQueueMax})
  --verify-rate N      keys per second the full-data verifier compares with their other replicas
                       (default ${defaultVerifierPace.keysPerSecond}; 0 = off; PaxosKV only; see docs/data-verification.md)
  --token TOKEN        the cluster token ControlService calls must carry (default: env PAXOSCOPE_TOKEN;
                       neither = no check). Prefer the env: a flag shows in the process list
  --help               print this text

Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 1 on a runtime failure, 2 on bad flags or topology.`;

const flagSpec = {
  node: { switch: false },
  'data-dir': { switch: false },
  topology: { switch: false },
  host: { switch: false },
  'learner-only': { switch: true },
  sync: { switch: false },
  'exit-with-parent': { switch: true },
  token: { switch: false },
  'events-ring': { switch: false },
  'events-queue': { switch: false },
  'verify-rate': { switch: false },
  help: { switch: true },
} as const;

/** Parses the agent's argv; returns 'help' when --help was asked for. */
export function parseAgentConfig(argv: readonly string[]): AgentConfig | 'help' {
  const { values } = parseFlags(argv, flagSpec);
  if (values.help === true) return 'help';
  const topology = loadTopology(stringFlag(values, 'topology'));
  const nodeId = requiredFlag(values, 'node');
  const node = nodeLocations(topology).find((candidate) => candidate.id === nodeId);
  if (!node) {
    const known = nodeLocations(topology).map((candidate) => candidate.id);
    throw new UsageError('--node', `"${nodeId}" is not in the topology (nodes: ${known.join(', ')})`);
  }
  return {
    topology,
    node,
    dataDir: requiredFlag(values, 'data-dir'),
    host: stringFlag(values, 'host') ?? '127.0.0.1',
    learnerOnly: values['learner-only'] === true,
    sync: choiceFlag(values, 'sync', ['always', 'never'], 'always'),
    exitWithParent: values['exit-with-parent'] === true,
    token: parseToken(stringFlag(values, 'token') ?? process.env[controlTokenEnv]),
    eventsRing:
      integerFlag(values, 'events-ring', 16, eventsBufferMax) ?? defaultEventStreamOptions.ringCapacity,
    eventsWatcherQueue:
      integerFlag(values, 'events-queue', 16, eventsBufferMax) ?? defaultEventStreamOptions.watcherQueueMax,
    verifyKeysPerSecond:
      integerFlag(values, 'verify-rate', 0, keysPerSecondMax) ?? defaultVerifierPace.keysPerSecond,
  };
}

/** Bounds both event buffers: a million events is a few hundred MB at most. */
const eventsBufferMax = 1_000_000;

/** Printable ASCII (it travels as gRPC metadata), long enough to be a secret and short enough to bound. */
const tokenPattern = /^[\x21-\x7e]{16,256}$/;

function parseToken(token: string | undefined): string | null {
  if (token === undefined || token === '') return null;
  if (!tokenPattern.test(token)) {
    throw new UsageError('--token', 'must be 16 to 256 printable ASCII characters without spaces');
  }
  return token;
}
