/** A node as the renderer sees it: its place, its process as the console knows it, and its health. */
import type { NodeAction, NodeView } from '../../app/contract/console-state';
import type { NodeLocation } from '../../app/model/topology';
import type { NodeHealth } from '../agents/health-monitor';
import type { NodeProcess } from './cluster-session';

export interface NodeViewParts {
  location: NodeLocation;
  process: NodeProcess;
  health: NodeHealth;
  actions: NodeAction[];
  /** The faults pause this node (by the agent's ControlService). */
  paused: boolean;
  /** The cluster's sync policy, used until the agent's own status says. */
  sync: 'always' | 'never';
  eventsDropped: number;
}

export function buildNodeView(parts: NodeViewParts): NodeView {
  const { location, process, health } = parts;
  const statusKnown = health.health === 'serving' || health.health === 'not-serving';
  return {
    id: location.id,
    datacenterId: location.datacenterId,
    miniClusterId: location.miniClusterId,
    groupId: location.groupId,
    address: `${location.host}:${location.port}`,
    process:
      parts.paused && (process.process === 'running' || process.process === 'external')
        ? 'paused'
        : process.process,
    pid: process.pid,
    pausedBy: parts.paused ? 'control-rpc' : null,
    health: health.health,
    healthReason: health.reason,
    learnerOnly: statusKnown ? health.learnerOnly : process.learnerOnly,
    syncRelaxed: statusKnown ? health.syncRelaxed : parts.sync === 'never',
    protocolRate: statusKnown ? health.protocolRate : null,
    verification: statusKnown ? (health.verification ?? null) : null,
    restarts: process.restarts,
    exit: process.exit,
    eventsDropped: parts.eventsDropped,
    actions: parts.actions,
  };
}
