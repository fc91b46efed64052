/**
 * One running node agent: storage, the core inside its loop, the ticker, the peer links and the gRPC
 * server with PeerService, KvService, StructureService and ControlService. `startAgent` recovers and binds; `shutdown`
 * stops taking work, lets every stepped Ready reach the disk, closes the streams and the store.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { NodeCounters } from '../../app/paxos/types';
import { zeroNodeCounters } from '../../app/paxos';
import type { AnyNodeState, AnyRecord } from '../../app/protocol/registry';
import { ControlServiceService } from '../../app/proto/generated/control';
import { KvServiceService } from '../../app/proto/generated/kv';
import { StructureServiceService } from '../../app/proto/generated/structures';
import { VerificationServiceService } from '../../app/proto/generated/verification';
import { serverOptions } from '../kit/grpc/channel-options';
import type { AgentConfig } from './agent-config';
import { agentProtocol, type AgentProtocol } from './agent-protocol';
import {
  buildControl,
  buildCore,
  buildEvents,
  buildStorage,
  buildTransport,
  coreConfigFor,
  readyOutlets,
  type AgentControl,
  type AgentCore,
  type AgentEvents,
  type AgentStorage,
  type AgentTransport,
} from './agent-wiring';
import { tokenCheck, type TokenCheck } from './control/control-auth';
import { controlServiceHandlers } from './control/control-service';
import { monotonicNowMs } from './runtime/clock';
import { recoverNodeState } from './runtime/recovery';
import { startTicker, tickIntervalMs, type Ticker } from './runtime/ticker';
import { openPLogStore } from './storage/level-plog-store';
import type { AgentMeta, PLogStore } from './storage/plog-store';
import type { RawRecords } from './storage/raw-records';
import { agentStructureService } from './structures/structure-service';
import { kvServiceHandlers } from './transport/kv-server';
import { rawPeerService } from './transport/raw-peer-service';
import { buildVerification, type AgentVerification } from './verification/build-verifier';

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

export async function startAgent(config: AgentConfig, hooks: AgentHooks): Promise<RunningAgent> {
  const startedMs = monotonicNowMs();
  const protocol = agentProtocol(config.topology.protocol);
  const store = await openPLogStore(config.dataDir, { codec: protocol.records });
  try {
    const coreConfig = coreConfigFor(config);
    const recovered = await recoverNodeState({
      store,
      coreConfig,
      learnerOnlyFlag: config.learnerOnly,
      clusterName: config.topology.name,
      protocol,
    });
    const { state, meta } = recovered;
    const agent = new Agent(config, hooks, { store, protocol, state, meta }, startedMs);
    await agent.listen();
    hooks.log(
      `agent ${config.node.id} listening on ${agent.address} ${Math.round(performance.now())} ms after start: ` +
        `${protocol.name}, ${recovered.keys} keys recovered` +
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
  private readonly server = new Server(serverOptions);
  private readonly storage: AgentStorage;
  private readonly events: AgentEvents;
  /** The cluster token on ControlService calls and inbound peer streams. */
  private readonly tokenCheck: TokenCheck;
  private readonly core: AgentCore;
  private readonly transport: AgentTransport;
  private readonly control: AgentControl;
  private ticker: Ticker | null = null;
  private shuttingDown = false;
  private readonly store: PLogStore<AnyRecord>;
  /** Full-data verification (PaxosKV only; null on another protocol). */
  private readonly verification: AgentVerification | null;

  /** Builds the parts in the order they depend on each other (agent-wiring.ts); nothing runs yet. */
  constructor(
    private readonly config: AgentConfig,
    private readonly hooks: AgentHooks,
    recovered: RecoveredParts,
    private readonly startedMs: number,
  ) {
    const { store, protocol, state, meta } = recovered;
    this.store = store;
    this.address = `${config.host}:${config.node.port}`;
    this.storage = buildStorage(store, meta);
    this.events = buildEvents(config, protocol, hooks.log);
    this.tokenCheck = tokenCheck(config.token);
    const onFatal = (error: Error) => hooks.onFatal(error);
    const committer = this.storage.loopCommitter;
    this.core = buildCore(config, protocol, state, committer, this.events.stream, onFatal);
    this.transport = buildTransport(config, this.core, this.events.stream, this.tokenCheck, hooks.log);
    this.core.loop.connect(readyOutlets(this.core, this.transport, this.events));
    this.control = buildControl(config, this.core, this.transport.gate, this.events.stream);
    this.verification = buildVerification({
      config,
      protocol: protocol.name,
      state: () => this.core.loop.current,
      raw: store,
      submit: (input) => this.core.loop.submit(input),
      events: this.events.stream,
      check: this.tokenCheck,
      log: hooks.log,
    });
  }

  /** Binds the gRPC server, then starts the clock: no tick runs before the agent can be reached. */
  async listen(): Promise<void> {
    const { core, transport, control, events } = this;
    this.server.addService(rawPeerService, transport.peerService.handlers);
    this.server.addService(
      KvServiceService,
      kvServiceHandlers({
        self: this.config.node.id,
        requests: core.requests,
        forwarder: transport.forwarder,
        toCoreDeadline: (unixMs) => this.toCoreDeadline(unixMs),
      }),
    );
    this.server.addService(
      ControlServiceService,
      controlServiceHandlers({
        status: this.statusSource(),
        check: this.tokenCheck,
        events: events.stream,
        faults: control.faults,
        gate: transport.gate,
        pace: control.pace,
        state: () => core.loop.current,
        protocol: core.protocol,
        crash: () => this.crash(),
      }),
    );
    this.server.addService(
      StructureServiceService,
      agentStructureService(this.config.node.id, this.config.topology, transport.forwarder),
    );
    if (this.verification) this.server.addService(VerificationServiceService, this.verification.handlers);
    await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(this.address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(new Error(`cannot listen on ${this.address}: ${error.message}`)) : resolve(port),
      ),
    );
    this.ticker = startTicker((input) => core.inputs.offer(input), tickIntervalMs, core.clock);
    this.verification?.verifier.start();
    events.stream.emit({ type: 'nodeStarted', learnerOnly: this.isLearner() });
  }

  /** Exits like kill -9: nothing is flushed and peers are not told, as in a real crash. */
  private crash(): void {
    this.events.stream.emit({ type: 'nodeStopped', reason: 'crash requested through ControlService' });
    if (this.hooks.crash) this.hooks.crash();
    else process.kill(process.pid, 'SIGKILL');
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const { core, transport } = this;
    this.events.stream.emit({ type: 'nodeStopped', reason: 'shutdown' });
    this.ticker?.stop();
    this.verification?.verifier.stop();
    core.loop.stop();
    transport.peerService.closeStreams();
    await core.loop.whenIdle();
    await this.storage.committer.drain();
    core.requests.failAll();
    transport.gate.close();
    transport.sender.flush();
    for (const link of transport.links.values()) link.close();
    transport.forwarder.close();
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

  /**
   * A caller's wall-clock deadline in the core's clock: the real time left, at the protocol rate in
   * force (so a slowed cluster gives the request the same real time; a stopped clock never expires it).
   */
  private toCoreDeadline(unixMs: number): number {
    const { clock } = this.core;
    const rate = clock.rate === 0 ? 1 : clock.rate;
    return clock.nowMs() + (unixMs - Date.now()) * rate;
  }

  private isLearner(): boolean {
    return this.core.protocol.core.isLearner(this.core.loop.current);
  }

  private statusSource() {
    const { loop } = this.core;
    return {
      nodeId: this.config.node.id,
      buildVersion,
      syncRelaxed: this.config.sync === 'never',
      uptimeMs: () => monotonicNowMs() - this.startedMs,
      learnerOnly: () => this.isLearner(),
      counters: () => countersOf(loop.current),
      steps: () => this.events.steps.snapshot(),
      storageBytes: () => this.store.sizeBytes(),
      notServingReason: () => {
        if (this.shuttingDown) return 'shutting down';
        if (this.isLearner()) return 'learner-only: relearning from peers';
        return '';
      },
      verification: () => this.verification?.verifier.status(),
    };
  }
}

/** What recovery hands the agent: the open store, the protocol, the core's state and the meta. */
interface RecoveredParts {
  store: PLogStore<AnyRecord> & RawRecords;
  protocol: AgentProtocol;
  state: AnyNodeState;
  meta: AgentMeta;
}

/** PaxosKV's counters; another protocol has none of these (all zero): its steps are in `steps`. */
function countersOf(state: AnyNodeState): NodeCounters {
  return 'counters' in state ? state.counters : zeroNodeCounters();
}
