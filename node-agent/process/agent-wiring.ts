/**
 * The agent's parts, one builder each, in the order they depend on each other: storage, events, the
 * core in its loop (with what feeds the loop), the transport, then control. The one edge back is the
 * loop's output: the transport and the client requests feed the loop and also take what it releases,
 * so the loop is connected to `readyOutlets` once they exist.
 */
import { Metadata } from '@grpc/grpc-js';
import { peerMessageFields } from '../../app/model/peer-message-fields';
import { nodeLocations, placementGroups } from '../../app/model/topology';
import { defaultCoreConfig } from '../../app/paxos';
import type { CoreConfig, NodeId, NodeMeta } from '../../app/paxos/types';
import type { AnyInput, AnyMessage, AnyNodeState, AnyRecord } from '../../app/protocol/registry';
import { ClusterKvClient } from '../kit/client/kv-client';
import type { AgentConfig } from './agent-config';
import type { AgentProtocol } from './agent-protocol';
import type { TokenCheck } from './control/control-auth';
import { FaultController } from './control/fault-controller';
import { PausableInputs } from './control/pausable-inputs';
import { ProtocolPace } from './control/protocol-pace';
import { StepCounts } from './control/step-counts';
import { defaultEventStreamOptions, EventStream } from './events/event-stream';
import { AgentLoop, type DurableCommitter, type ReadyOutlets } from './runtime/agent-loop';
import { ClientRequests } from './runtime/client-requests';
import { EventLog } from './runtime/event-log';
import { ProtocolClock } from './runtime/protocol-clock';
import { tickIntervalMs } from './runtime/ticker';
import { GroupCommitter } from './storage/group-committer';
import type { AgentMeta, PLogStore } from './storage/plog-store';
import { FaultGate } from './transport/fault-gate';
import { forwardedByKey } from './transport/kv-server';
import { PeerLink } from './transport/peer-link';
import { BatchingPeerSender } from './transport/peer-sender';
import { PeerFrameReceiver, PeerService } from './transport/peer-server';

/**
 * The core's defaults suit the simulator's clean clock. Real agents share a few cores with each other
 * (six on two cores here), and a process waiting for CPU answers late: a 50 ms round would time out,
 * re-prepare above its own late replies and duel with itself. Rounds wait longer here; a lost message
 * still costs only one round.
 */
export const agentTiming = { roundTimeoutMs: 200, requestTimeoutMs: 2000 };

/**
 * PaxosKV's rounds wait longer still. There a round timeout only stands for a lost message or a dead
 * peer (a refusal ends a round at once), but with 64 writes in flight on a machine whose agents get
 * little CPU a round takes 300-600 ms. At 200 ms such rounds timed out together, were retried with
 * prepares above their own late replies, and the retries' work starved the agents further, down to a
 * collapse with "competing proposals won all 5 rounds" and "no replica answered in 5 rounds" answers
 * (measured in docs/agent-cpu-per-op.md). A lost message now costs
 * 500 ms instead of 200. The other protocols pace heartbeats and leader suspicion by the same field,
 * so they keep agentTiming's.
 */
export const paxosKvRoundTimeoutMs = 500;

export function coreConfigFor(config: AgentConfig): CoreConfig {
  const core = defaultCoreConfig(config.node.id, placementGroups(config.topology));
  core.limits.keyBytesMax = config.topology.limits.keyBytesMax;
  core.limits.valueBytesMax = config.topology.limits.valueBytesMax;
  core.dedupWindow = config.topology.limits.dedupWindow;
  if (config.topology.zoneFailures !== undefined) core.zoneFailures = config.topology.zoneFailures;
  Object.assign(core.timing, agentTiming);
  if (config.topology.protocol === 'paxoskv') core.timing.roundTimeoutMs = paxosKvRoundTimeoutMs;
  return core;
}

export interface AgentStorage {
  /** Drained at shutdown, so every stepped Ready reaches the disk. */
  committer: GroupCommitter<AnyRecord>;
  loopCommitter: DurableCommitter;
}

export interface AgentEvents {
  /** What watchers of ControlService.Events see: bounded, never blocking the loop. */
  stream: EventStream;
  /** The core's events as log lines (with --verbose). */
  log: EventLog;
  /** How many of each core event the core emitted: GetStatus's steps. */
  steps: StepCounts;
}

/** The core inside its loop, and what feeds the loop. */
export interface AgentCore {
  /** The time of the core's ticks, which a person may slow down, and hold mode stops. */
  clock: ProtocolClock;
  loop: AgentLoop<AnyNodeState>;
  /** The topology's protocol: its core, codecs and event lifter. */
  protocol: AgentProtocol;
  /** The loop's input: stepped at once, or kept while the agent is paused. */
  inputs: PausableInputs;
  /** Client requests waiting for the core's replies. */
  requests: ClientRequests;
}

/** The peer links and the fault gate every message passes, and the client for keys held elsewhere. */
export interface AgentTransport {
  links: Map<NodeId, PeerLink>;
  sender: BatchingPeerSender;
  gate: FaultGate;
  peerService: PeerService;
  /** Forwards the requests for keys this node does not replicate to their replicas. */
  forwarder: ClusterKvClient;
}

/** What ControlService changes besides the loop: faults and the protocol's pace. */
export interface AgentControl {
  faults: FaultController;
  pace: ProtocolPace;
}

/**
 * The PLog's group committer, and the loop's view of it, which folds the core's changed flags into
 * the agent's meta. The meta goes in one batch with the records it depends on (clearing learner-only
 * with the relearned records), so a crash keeps both or neither.
 */
export function buildStorage(store: PLogStore<AnyRecord>, meta: AgentMeta): AgentStorage {
  const committer = new GroupCommitter(store);
  let current = meta;
  const withChange = (change: NodeMeta): AgentMeta => (current = { ...current, ...change });
  return {
    committer,
    loopCommitter: {
      commit: (records, sync, lazy, change) =>
        committer.commit(records, sync, lazy, change ? withChange(change) : undefined),
    },
  };
}

export function buildEvents(
  config: AgentConfig,
  protocol: AgentProtocol,
  log: (line: string) => void,
): AgentEvents {
  const stream = new EventStream(config.node.id, {
    ...defaultEventStreamOptions,
    ringCapacity: config.eventsRing,
    watcherQueueMax: config.eventsWatcherQueue,
    lift: protocol.lift,
  });
  return { stream, log: new EventLog(log), steps: new StepCounts() };
}

export function buildCore(
  config: AgentConfig,
  protocol: AgentProtocol,
  state: AnyNodeState,
  committer: DurableCommitter,
  events: EventStream,
  onFatal: (error: Error) => void,
): AgentCore {
  const clock = new ProtocolClock();
  const step = protocol.core.step;
  const loop = new AgentLoop({ state, step, committer, sync: config.sync, onFatal });
  const inputs = new PausableInputs(
    (input) => submitAtProtocolTime(loop, clock, input),
    ({ message }) =>
      events.emit({ type: 'messageDropped', ...peerMessageFields(message, message.from), reason: 'paused' }),
  );
  const requests = new ClientRequests((input) => inputs.offer(input));
  return { clock, loop, protocol, inputs, requests };
}

/**
 * Steps an input at the current protocol time. After the process was stopped (SIGSTOP) or starved,
 * I/O callbacks run before the ticker's timer: without a tick first, the core would start rounds
 * for requests whose deadline passed while it stood still.
 */
function submitAtProtocolTime(loop: AgentLoop<AnyNodeState>, clock: ProtocolClock, input: AnyInput): boolean {
  if (input.kind !== 'tick') {
    const nowMs = clock.nowMs();
    if (nowMs - loop.current.nowMs > 2 * tickIntervalMs) loop.submit({ kind: 'tick', nowMs });
  }
  return loop.submit(input);
}

export function buildTransport(
  config: AgentConfig,
  core: AgentCore,
  events: EventStream,
  check: TokenCheck,
  log: (line: string) => void,
): AgentTransport {
  const self = config.node.id;
  const links = new Map<NodeId, PeerLink>();
  const frames = core.protocol.frames;
  const onPeerDown = (messages: readonly AnyMessage[]) => {
    for (const message of messages) {
      events.emit({ type: 'messageDropped', ...peerMessageFields(message, message.to), reason: 'peer-down' });
    }
  };
  const sender = new BatchingPeerSender(self, links, onPeerDown, frames);
  const gate = new FaultGate({
    self,
    next: sender,
    deliver: (message) => core.inputs.offer({ kind: 'receive', message }),
    events,
  });
  const others = nodeLocations(config.topology)
    .map((node) => node.id)
    .filter((id) => id !== self);
  const deliver = (message: AnyMessage) => gate.receive(message);
  const receiver = new PeerFrameReceiver(self, new Set(others), deliver, log, frames);
  const peerService = new PeerService(
    receiver,
    (nodeId) => links.get(nodeId)?.reconnectNow(),
    (metadata) => check.refusal(metadata),
  );
  const onFrame = (frame: Buffer) => receiver.receive(frame);
  for (const peer of groupPeers(config)) {
    const link = new PeerLink({ self, peer: peer.id, address: peer.address, onFrame, token: config.token });
    links.set(peer.id, link);
  }
  return { links, sender, gate, peerService, forwarder: buildForwarder(config, core.clock) };
}

/** The members of this node's placement group(s) other than itself, with their addresses. */
function groupPeers(config: AgentConfig): { id: NodeId; address: string }[] {
  const self = config.node.id;
  const members = new Set(
    placementGroups(config.topology)
      .filter((group) => group.members.includes(self))
      .flatMap((group) => group.members),
  );
  return nodeLocations(config.topology)
    .filter((node) => node.id !== self && members.has(node.id))
    .map((node) => ({ id: node.id, address: `${node.host}:${node.port}` }));
}

function buildForwarder(config: AgentConfig, clock: ProtocolClock): ClusterKvClient {
  const metadata = new Metadata();
  metadata.set(forwardedByKey, config.node.id);
  return new ClusterKvClient(config.topology, {
    // Above the core's request timeout, so a replica answers UNAVAILABLE itself before we give up on it.
    attemptTimeoutMs: agentTiming.requestTimeoutMs + 1000,
    metadata,
    // Counted on this agent's clock: hold mode stops it on every agent, the replica's included.
    protocolRate: () => clock.rate,
    // One stream per replica for every forwarded request, not a unary call each.
    pipelined: true,
  });
}

/** Where the loop's released Readies go: the gate, the waiting requests, the event stream and log. */
export function readyOutlets(core: AgentCore, transport: AgentTransport, events: AgentEvents): ReadyOutlets {
  return {
    sendMessages: (messages) => transport.gate.send(messages),
    deliverReplies: (replies) => core.requests.deliver(replies),
    emitEvents: (coreEvents) => {
      events.steps.count(coreEvents);
      events.log.write(coreEvents);
      events.stream.emitCore(coreEvents);
    },
    persisted: (keys, synced, durationMs) =>
      events.stream.emit({
        type: 'plogWritten',
        keys: keys.slice(0, 4096),
        synced,
        durationMs: Math.round(durationMs * 100) / 100,
      }),
  };
}

export function buildControl(
  config: AgentConfig,
  core: AgentCore,
  gate: FaultGate,
  events: EventStream,
): AgentControl {
  const nodeIds = nodeLocations(config.topology).map((node) => node.id);
  return {
    faults: new FaultController(config.node.id, nodeIds, gate, core.inputs, events),
    pace: new ProtocolPace(core.clock, gate, events),
  };
}
