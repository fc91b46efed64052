/**
 * What every command shares: the published state, the recorder, the current cluster session with one
 * client per agent, and the health monitor. Commands change the world through the session and tell the
 * renderer through `publish*`.
 */
import type { ClusterView } from '../../app/contract/console-state';
import { contractFailure } from '../../app/contract/errors';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { nodeLocations, type NodeLocation } from '../../app/model/topology';
import { AgentClient } from '../agents/agent-client';
import { EventMerger } from '../agents/event-merger';
import { EventRecorder } from '../agents/event-recorder';
import { HealthMonitor, unknownHealth } from '../agents/health-monitor';
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
    this.publisher.publish({ kind: 'nodes', nodes: this.locations.map((location) => this.viewOf(location)) });
  }

  /** Starts watching every agent's health (once the agents are up, so a start is not all "unreachable"). */
  startHealthMonitor(): void {
    this.monitor = new HealthMonitor([...this.clients.values()], {
      intervalMs: this.options.healthIntervalMs,
      onChange: (nodeId) => this.publishNode(nodeId),
    });
    this.monitor.start();
  }

  /** Ends the current session (stopping what it started) and returns how many agents it stopped. */
  async releaseSession(): Promise<number> {
    const session = this.current;
    if (!session) return 0;
    this.monitor?.stop();
    this.monitor = null;
    const stopped = await session.close();
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    this.current = null;
    this.locations = [];
    this.publisher.publish({ kind: 'nodes', nodes: [] });
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
      actions: session.actionsOf(location.id),
      sync: session.sync,
      eventsDropped: this.recorder.droppedBy(location.id),
    });
  }
}
