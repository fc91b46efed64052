/**
 * What every command shares: the published state, the recorder, the current cluster session with one
 * client per agent, and the health monitor. Commands change the world through the session and tell the
 * renderer through `publish*`.
 */
import type { ClusterView, NodeAction } from '../../app/contract/console-state';
import { contractFailure } from '../../app/contract/errors';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { healthyFaultState } from '../../app/model/fault-model';
import { nodeLocations, type NodeLocation } from '../../app/model/topology';
import { AgentClient } from '../agents/agent-client';
import { EventMerger } from '../agents/event-merger';
import { EventRecorder } from '../agents/event-recorder';
import { EventFollower } from '../agents/event-follower';
import { HealthMonitor, unknownHealth } from '../agents/health-monitor';
import { FaultPlan } from '../faults/fault-plan';
import type { ClusterSession } from './cluster-session';
import { buildNodeView } from './node-views';
import { StatePublisher } from './state-publisher';

export interface ContextOptions {
  recorderCapacity: number;
  healthIntervalMs: number;
}

export class ConsoleContext {
  readonly publisher: StatePublisher;
  readonly recorder: EventRecorder;
  /** Orders live agent events before they are recorded and published. */
  readonly merger: EventMerger;
  private current: ClusterSession | null = null;
  private locations: NodeLocation[] = [];
  private readonly clients = new Map<string, AgentClient>();
  private monitor: HealthMonitor | null = null;
  private readonly followers = new Map<string, EventFollower>();
  private plan: FaultPlan | null = null;

  constructor(private readonly options: ContextOptions) {
    this.publisher = new StatePublisher(options.recorderCapacity);
    this.recorder = new EventRecorder(options.recorderCapacity);
    this.merger = new EventMerger({ onBatch: (events) => this.recordEvents(events) });
  }

  get session(): ClusterSession | null {
    return this.current;
  }

  cluster(): ClusterView {
    return this.publisher.snapshot().cluster;
  }

  setCluster(patch: Partial<ClusterView>): void {
    this.publisher.publish({ kind: 'cluster', cluster: { ...this.cluster(), ...patch } });
  }

  /** Makes `session` current: one client per agent, and every node published. */
  adoptSession(session: ClusterSession): void {
    this.current = session;
    this.locations = nodeLocations(session.topology);
    for (const location of this.locations) {
      const address = `${location.host}:${location.port}`;
      this.clients.set(location.id, new AgentClient(location.id, address, session.token));
    }
    this.plan = new FaultPlan(this.clients, () => {
      if (this.current) this.publishFaults();
    });
    this.setCluster({ protocolPace: this.plan.pace });
    this.publisher.publish({ kind: 'faults', faults: this.plan.current() });
    this.publisher.publish({ kind: 'nodes', nodes: this.locations.map((location) => this.viewOf(location)) });
  }

  /** The current cluster's faults; refuses when there is no cluster. */
  faults(): FaultPlan {
    this.requireSession();
    return this.plan!;
  }

  /** Publishes the fault state and every node (a pause changes what a node can do). */
  publishFaults(): void {
    this.publisher.publish({ kind: 'faults', faults: this.faults().current() });
    for (const location of this.locations) this.publishNode(location.id);
  }

  /** What can be done to a node now: the session's process actions, plus pause or resume. */
  actionsOf(nodeId: string): NodeAction[] {
    const session = this.requireSession();
    const actions: NodeAction[] = [...session.actionsOf(nodeId)];
    const process = session.processOf(nodeId).process;
    if (this.plan?.isPaused(nodeId)) actions.push('resume');
    else if (process === 'running' || process === 'external') actions.push('pause');
    return actions;
  }

  /** Starts watching every agent's health and events (once the agents are up, so a start is not all "unreachable"). */
  startWatching(): void {
    this.monitor = new HealthMonitor([...this.clients.values()], {
      intervalMs: this.options.healthIntervalMs,
      onChange: (nodeId, health) => {
        // An agent that answers again may have restarted or missed changes while away.
        if (health.health !== 'unreachable') void this.plan?.resendIfStale(nodeId);
        this.publishNode(nodeId);
      },
    });
    this.monitor.start();
    for (const client of this.clients.values()) {
      const follower = new EventFollower(client, {
        onEvent: (event) => this.merger.push(event),
        onRestart: (nodeId) => {
          this.merger.resetAgent(nodeId);
          void this.plan?.resend(nodeId);
        },
      });
      this.followers.set(client.nodeId, follower);
      follower.start();
    }
  }

  /** The console restarted this agent: its events start again from seq 1, and its faults are gone. */
  async agentRestarted(nodeId: string): Promise<void> {
    this.followers.get(nodeId)?.restarted();
    this.merger.resetAgent(nodeId);
    await this.plan?.resend(nodeId);
  }

  /** Ends the current session (stopping what it started) and returns how many agents it stopped. */
  async releaseSession(): Promise<number> {
    const session = this.current;
    if (!session) return 0;
    this.monitor?.stop();
    this.monitor = null;
    for (const follower of this.followers.values()) follower.stop();
    this.followers.clear();
    this.merger.flush();
    this.merger.resetAll();
    const stopped = await session.close();
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    this.current = null;
    this.plan = null;
    this.locations = [];
    this.publisher.publish({ kind: 'nodes', nodes: [] });
    this.publisher.publish({ kind: 'faults', faults: healthyFaultState() });
    return stopped;
  }

  requireSession(): ClusterSession {
    if (!this.current) throw contractFailure('NO_CLUSTER', '(cluster)', 'no cluster is started or attached');
    return this.current;
  }

  requireClient(nodeId: string): AgentClient {
    this.requireSession();
    const client = this.clients.get(nodeId);
    if (!client) {
      const known = this.locations.map((location) => location.id).join(', ');
      throw contractFailure(
        'UNKNOWN_NODE',
        'nodeId',
        `no node "${nodeId}" in this cluster (nodes: ${known})`,
      );
    }
    return client;
  }

  /** Re-reads one node's state and publishes it; ignored for nodes outside the current session. */
  publishNode(nodeId: string): void {
    const location = this.locations.find((candidate) => candidate.id === nodeId);
    if (location) this.publisher.publish({ kind: 'node', node: this.viewOf(location) });
  }

  /** Probes a node at once and publishes the answer, so a restart shows "serving" without a second's wait. */
  async refreshHealth(nodeId: string): Promise<void> {
    if (this.monitor) await this.monitor.probeNow(nodeId);
    this.publishNode(nodeId);
  }

  nodeView(nodeId: string) {
    const location = this.locations.find((candidate) => candidate.id === nodeId);
    if (!location) throw contractFailure('UNKNOWN_NODE', 'nodeId', `no node "${nodeId}" in this cluster`);
    return this.viewOf(location);
  }

  recordEvents(events: readonly ClusterEvent[]): void {
    this.recorder.record(events);
    this.publisher.publish({ kind: 'events', events: [...events] });
    this.publisher.publish({ kind: 'recorder', recorder: this.recorder.view() });
    const dropping = new Set(
      events.filter((event) => event.type === 'eventsDropped').map((event) => event.agent),
    );
    for (const agent of dropping) this.publishNode(agent);
  }

  /** The present was replaced: the newest `dropped` events go, `events` follow (see eventsRewound). */
  rewindEvents(dropped: number, events: readonly ClusterEvent[]): void {
    this.recorder.dropNewest(dropped);
    this.recorder.record(events);
    this.publisher.publish({ kind: 'eventsRewound', dropped, events: [...events] });
    this.publisher.publish({ kind: 'recorder', recorder: this.recorder.view() });
  }

  clearEvents(): void {
    this.recorder.clear();
    this.publisher.publish({ kind: 'eventsCleared' });
    this.publisher.publish({ kind: 'recorder', recorder: this.recorder.view() });
  }

  private viewOf(location: NodeLocation) {
    const session = this.requireSession();
    return buildNodeView({
      location,
      process: session.processOf(location.id),
      health: this.monitor?.health(location.id) ?? unknownHealth,
      actions: this.actionsOf(location.id),
      paused: this.plan?.isPaused(location.id) ?? false,
      sync: session.sync,
      eventsDropped: this.recorder.droppedBy(location.id),
    });
  }
}
