/**
 * One running node agent: storage, the core inside its loop, the ticker, the peer links and the gRPC
 * server with PeerService, KvService and ControlService. `startAgent` recovers and binds; `shutdown`
 * stops taking work, lets every stepped Ready reach the disk, closes the streams and the store.
 */
import { Metadata, Server, ServerCredentials } from '@grpc/grpc-js';
import { nodeLocations, placementGroups } from '../../app/model/topology';
import { defaultCoreConfig, step } from '../../app/paxos';
import type { CoreConfig, CoreEvent, CoreInput, NodeId, NodeMeta, NodeState } from '../../app/paxos/types';
import { ControlServiceService } from '../../app/proto/generated/control';
import { KvServiceService } from '../../app/proto/generated/kv';
import { ClusterKvClient } from '../kit/client/kv-client';
import type { AgentConfig } from './agent-config';
import { AgentLoop } from './runtime/agent-loop';
import { ClientRequests } from './runtime/client-requests';
import { EventLog } from './runtime/event-log';
import { monotonicNowMs } from './runtime/clock';
import { recoverNodeState } from './runtime/recovery';
import { ProtocolClock } from './runtime/protocol-clock';
import { startTicker, tickIntervalMs, type Ticker } from './runtime/ticker';
import { GroupCommitter } from './storage/group-committer';
import { openPLogStore } from './storage/level-plog-store';
import type { AgentMeta, PLogStore } from './storage/plog-store';
import { serverOptions } from '../kit/grpc/channel-options';
import { tokenCheck, type TokenCheck } from './control/control-auth';
import { controlServiceHandlers } from './control/control-service';
import { FaultController } from './control/fault-controller';
import { PausableInputs } from './control/pausable-inputs';
import { ProtocolPace } from './control/protocol-pace';
import { defaultEventStreamOptions, EventStream } from './events/event-stream';
import { aboutMessage } from './events/message-events';
import { FaultGate } from './transport/fault-gate';
import { forwardedByKey, kvServiceHandlers } from './transport/kv-server';
import { PeerLink } from './transport/peer-link';
import { BatchingPeerSender } from './transport/peer-sender';
import { PeerFrameReceiver, PeerService } from './transport/peer-server';
import { rawPeerService } from './transport/raw-peer-service';

/** Filled in by the bundle build (package version + commit); "dev" when run from sources. */
const buildVersion = process.env.PAXOSCOPE_BUILD ?? 'dev';

export interface AgentHooks {
  log(line: string): void;
  /** The disk failed under the loop: the process must stop, since the core is ahead of the disk. */
  onFatal(error: Error): void;
  /** ControlService.Crash: end the process at once (default: SIGKILL to itself, like a real crash). */
  crash?(): void;
}

export interface RunningAgent {
  readonly address: string;
  shutdown(): Promise<void>;
}

/**
 * The core's defaults suit the simulator's clean clock. Real agents share a few cores with each other
 * (six on two cores here), and a process waiting for CPU answers late: a 50 ms round would time out,
 * re-prepare above its own late replies and duel with itself. Rounds wait longer here; a lost message
 * still costs only one round.
 */
export const agentTiming = { roundTimeoutMs: 200, requestTimeoutMs: 2000 };

export function coreConfigFor(config: AgentConfig): CoreConfig {
  const core = defaultCoreConfig(config.node.id, placementGroups(config.topology));
  core.limits.keyBytesMax = config.topology.limits.keyBytesMax;
  core.limits.valueBytesMax = config.topology.limits.valueBytesMax;
  core.dedupWindow = config.topology.limits.dedupWindow;
  Object.assign(core.timing, agentTiming);
  return core;
}

export async function startAgent(config: AgentConfig, hooks: AgentHooks): Promise<RunningAgent> {
  const startedMs = monotonicNowMs();
  const store = await openPLogStore(config.dataDir);
  try {
    const coreConfig = coreConfigFor(config);
    const recovered = await recoverNodeState({
      store,
      coreConfig,
      learnerOnlyFlag: config.learnerOnly,
      clusterName: config.topology.name,
    });
    const agent = new Agent(config, hooks, store, recovered.state, recovered.meta, startedMs);
    await agent.listen();
    hooks.log(
      `agent ${config.node.id} listening on ${agent.address} ${Math.round(performance.now())} ms after start: ` +
        `${recovered.keys} keys recovered` +
        `${recovered.meta.learnerOnly ? ', learner-only until relearned' : ''}` +
        `${config.sync === 'never' ? ', sync NEVER (promises are not fsynced: demo only)' : ''}`,
    );
    return agent;
  } catch (error) {
    await store.close();
    throw error;
  }
}

class Agent implements RunningAgent {
  readonly address: string;
  private readonly loop: AgentLoop<NodeState>;
  private readonly requests: ClientRequests;
  private readonly links = new Map<NodeId, PeerLink>();
  private readonly peerService: PeerService;
  private readonly forwarder: ClusterKvClient;
  private readonly server = new Server(serverOptions);
  private readonly committer: GroupCommitter;
  private readonly sender: BatchingPeerSender;
  private readonly eventLog: EventLog;
  private readonly events: EventStream;
  /** The loop's input: stepped at once, or kept while the agent is paused. */
  private readonly inputs: PausableInputs;
  private readonly gate: FaultGate;
  private readonly faults: FaultController;
  /** The time of the core's ticks, which a person may slow down, and hold mode stops. */
  private readonly clock = new ProtocolClock();
  private readonly pace: ProtocolPace;
  /** The cluster token on ControlService calls and inbound peer streams. */
  private readonly tokenCheck: TokenCheck;
  private ticker: Ticker | null = null;
  private shuttingDown = false;

  constructor(
    private readonly config: AgentConfig,
    private readonly hooks: AgentHooks,
    private readonly store: PLogStore,
    state: NodeState,
    private meta: AgentMeta,
    private readonly startedMs: number,
  ) {
    this.address = `${config.host}:${config.node.port}`;
    this.committer = new GroupCommitter(store);
    this.eventLog = new EventLog(hooks.log);
    this.tokenCheck = tokenCheck(config.token);
    this.events = new EventStream(config.node.id, {
      ...defaultEventStreamOptions,
      ringCapacity: config.eventsRing,
      watcherQueueMax: config.eventsWatcherQueue,
    });
    this.sender = new BatchingPeerSender(config.node.id, this.links, (messages) => {
      for (const message of messages) {
        this.events.emit({
          type: 'messageDropped',
          ...aboutMessage(message, message.to),
          reason: 'peer-down',
        });
      }
    });
    this.inputs = new PausableInputs(
      (input) => this.submitCurrent(input),
      ({ message }) =>
        this.events.emit({
          type: 'messageDropped',
          ...aboutMessage(message, message.from),
          reason: 'paused',
        }),
    );
    this.gate = new FaultGate({
      self: config.node.id,
      next: this.sender,
      deliver: (message) => this.inputs.offer({ kind: 'receive', message }),
      events: this.events,
    });
    this.requests = new ClientRequests((input) => this.inputs.offer(input));
    this.loop = new AgentLoop({
      state,
      step,
      committer: {
        commit: (records, sync, lazy, meta) =>
          this.committer.commit(records, sync, lazy, meta ? this.changeMeta(meta) : undefined),
      },
      sync: config.sync,
      onFatal: (error) => hooks.onFatal(error),
      outlets: {
        sendMessages: (messages) => this.gate.send(messages),
        deliverReplies: (replies) => this.requests.deliver(replies),
        emitEvents: (events) => this.onEvents(events),
        persisted: (keys, synced, durationMs) =>
          this.events.emit({
            type: 'plogWritten',
            keys: keys.slice(0, 4096),
            synced,
            durationMs: Math.round(durationMs * 100) / 100,
          }),
      },
    });
    const nodeIds = nodeLocations(config.topology).map((node) => node.id);
    this.faults = new FaultController(config.node.id, nodeIds, this.gate, this.inputs, this.events);
    this.pace = new ProtocolPace(this.clock, this.gate, this.events);
    const receiver = new PeerFrameReceiver(
      config.node.id,
      new Set(
        nodeLocations(config.topology)
          .map((node) => node.id)
          .filter((id) => id !== config.node.id),
      ),
      (message) => this.gate.receive(message),
      hooks.log,
    );
    this.peerService = new PeerService(
      receiver,
      (nodeId) => this.links.get(nodeId)?.reconnectNow(),
      (metadata) => this.tokenCheck.refusal(metadata),
    );
    const forwardMetadata = new Metadata();
    forwardMetadata.set(forwardedByKey, config.node.id);
    // Above the core's request timeout, so a replica answers UNAVAILABLE itself before we give up on it.
    const attemptTimeoutMs = coreConfigFor(config).timing.requestTimeoutMs + 1000;
    this.forwarder = new ClusterKvClient(config.topology, {
      attemptTimeoutMs,
      metadata: forwardMetadata,
      // Counted on this agent's clock: hold mode stops it on every agent, the replica's included.
      protocolRate: () => this.clock.rate,
      // One stream per replica for every forwarded request, not a unary call each.
      pipelined: true,
    });
    for (const peer of this.groupPeers()) {
      const onFrame = (frame: Buffer) => receiver.receive(frame);
      this.links.set(
        peer.id,
        new PeerLink({
          self: config.node.id,
          peer: peer.id,
          address: peer.address,
          onFrame,
          token: config.token,
        }),
      );
    }
  }

  /** Binds the gRPC server, then starts the clock: no tick runs before the agent can be reached. */
  async listen(): Promise<void> {
    this.server.addService(rawPeerService, this.peerService.handlers);
    this.server.addService(
      KvServiceService,
      kvServiceHandlers({
        self: this.config.node.id,
        requests: this.requests,
        forwarder: this.forwarder,
        toCoreDeadline: (unixMs) => this.toCoreDeadline(unixMs),
      }),
    );
    this.server.addService(
      ControlServiceService,
      controlServiceHandlers({
        status: this.statusSource(),
        check: this.tokenCheck,
        events: this.events,
        faults: this.faults,
        gate: this.gate,
        pace: this.pace,
        state: () => this.loop.current,
        crash: () => this.crash(),
      }),
    );
    await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(this.address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(new Error(`cannot listen on ${this.address}: ${error.message}`)) : resolve(port),
      ),
    );
    this.ticker = startTicker((input) => this.inputs.offer(input), tickIntervalMs, this.clock);
    this.events.emit({ type: 'nodeStarted', learnerOnly: this.loop.current.learner !== null });
  }

  /** Exits like kill -9: nothing is flushed and peers are not told, as in a real crash. */
  private crash(): void {
    this.events.emit({ type: 'nodeStopped', reason: 'crash requested through ControlService' });
    if (this.hooks.crash) this.hooks.crash();
    else process.kill(process.pid, 'SIGKILL');
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.events.emit({ type: 'nodeStopped', reason: 'shutdown' });
    this.ticker?.stop();
    this.loop.stop();
    this.peerService.closeStreams();
    await this.loop.whenIdle();
    await this.committer.drain();
    this.requests.failAll();
    this.gate.close();
    this.sender.flush();
    for (const link of this.links.values()) link.close();
    this.forwarder.close();
    await this.stopServer();
    await this.store.close();
  }

  private stopServer(): Promise<void> {
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 2000);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  /** The members of this node's placement group(s) other than itself, with their addresses. */
  private groupPeers(): { id: NodeId; address: string }[] {
    const self = this.config.node.id;
    const members = new Set(
      placementGroups(this.config.topology)
        .filter((group) => group.members.includes(self))
        .flatMap((group) => group.members),
    );
    return nodeLocations(this.config.topology)
      .filter((node) => node.id !== self && members.has(node.id))
      .map((node) => ({ id: node.id, address: `${node.host}:${node.port}` }));
  }

  private onEvents(events: readonly CoreEvent[]): void {
    this.eventLog.write(events);
    this.events.emitCore(events);
  }

  /**
   * Steps an input at the current protocol time. After the process was stopped (SIGSTOP) or starved,
   * I/O callbacks run before the ticker's timer: without a tick first, the core would start rounds
   * for requests whose deadline passed while it stood still.
   */
  private submitCurrent(input: CoreInput): boolean {
    if (input.kind !== 'tick') {
      const nowMs = this.clock.nowMs();
      if (nowMs - this.loop.current.nowMs > 2 * tickIntervalMs) this.loop.submit({ kind: 'tick', nowMs });
    }
    return this.loop.submit(input);
  }

  /**
   * A caller's wall-clock deadline in the core's clock: the real time left, at the protocol rate in
   * force (so a slowed cluster gives the request the same real time; a stopped clock never expires it).
   */
  private toCoreDeadline(unixMs: number): number {
    const rate = this.clock.rate === 0 ? 1 : this.clock.rate;
    return this.clock.nowMs() + (unixMs - Date.now()) * rate;
  }

  /**
   * The agent's meta with the core's changed flags; the loop writes it in one batch with the records
   * it depends on (clearing learner-only with the relearned records), so a crash keeps both or neither.
   */
  private changeMeta(change: NodeMeta): AgentMeta {
    this.meta = { ...this.meta, ...change };
    return this.meta;
  }

  private statusSource() {
    return {
      nodeId: this.config.node.id,
      buildVersion,
      syncRelaxed: this.config.sync === 'never',
      uptimeMs: () => monotonicNowMs() - this.startedMs,
      learnerOnly: () => this.loop.current.learner !== null,
      counters: () => this.loop.current.counters,
      storageBytes: () => this.store.sizeBytes(),
      notServingReason: () => {
        if (this.shuttingDown) return 'shutting down';
        if (this.loop.current.learner !== null) return 'learner-only: relearning from peers';
        return '';
      },
    };
  }
}
