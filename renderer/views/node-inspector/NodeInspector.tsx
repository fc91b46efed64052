/** The selected node: its process and health, what its events show it doing, the events it dropped, its log. */
import { useCallback } from 'react';
import type { NodeView } from '../../../app/contract/console-state';
import type { NodeActivity, ObservedCluster } from '../../store/observed-cluster';
import { healthLabels } from '../../store/selectors/node-health';
import { useConsole, useConsoleState, useShownThrottled } from '../use-console';
import { useHealthById } from '../use-cluster';
import { NodeLog } from './NodeLog';

/** Counters change with every event; four redraws a second are plenty to read them. */
const countersRedrawMs = 250;

const counterLabels = {
  proposals: 'proposals',
  fastProposals: 'fast-path proposals',
  promises: 'promises',
  accepts: 'accepts',
  rejections: 'rejections',
  chosen: 'chosen',
  catchUps: 'catch-ups',
  readsServed: 'reads served',
  messagesSent: 'messages sent',
  messagesReceived: 'messages received',
  messagesDropped: 'messages dropped',
} as const;

export function NodeInspector() {
  const { store } = useConsole();
  const nodeId = useConsoleState((state) => state.selectedNodeId);
  const nodeView = useConsoleState((state) => (nodeId ? state.processes[nodeId] : undefined));
  const activityOf = useCallback(
    (observed: ObservedCluster) => (nodeId ? observed.nodes[nodeId] : undefined),
    [nodeId],
  );
  const activity = useShownThrottled(activityOf, countersRedrawMs);
  const health = useHealthById();
  if (!nodeId) return null;
  const nodeHealth = health[nodeId] ?? 'unknown';
  return (
    <section className="panel node-inspector" aria-label={`node ${nodeId}`}>
      <h2>
        Node {nodeId} <span className={`health-dot health-${nodeHealth}`} /> {healthLabels[nodeHealth]}
        <span className="spacer" />
        <button
          className="small"
          aria-label="close inspector"
          onClick={() => store.setState({ selectedNodeId: null })}
        >
          ×
        </button>
      </h2>
      {nodeView && <ProcessFacts nodeView={nodeView} activity={activity} />}
      {activity && <ActivityCounters activity={activity} />}
      <NodeLog nodeId={nodeId} />
    </section>
  );
}

/** What main knows of the node's process: pid, place, health probe, restarts, protocol time, durability, drops. */
function ProcessFacts({ nodeView, activity }: { nodeView: NodeView; activity: NodeActivity | undefined }) {
  return (
    <dl className="facts">
      <dt>process</dt>
      <dd>
        {nodeView.process}
        {nodeView.pid !== null ? ` (pid ${nodeView.pid})` : ''}
        {nodeView.pausedBy ? ` · paused by ${nodeView.pausedBy === 'sigstop' ? 'SIGSTOP' : 'the agent'}` : ''}
      </dd>
      <dt>where</dt>
      <dd>
        {nodeView.datacenterId} / {nodeView.miniClusterId} / {nodeView.groupId} ·{' '}
        <span className="mono">{nodeView.address}</span>
      </dd>
      <dt>health probe</dt>
      <dd>
        {nodeView.health}
        {nodeView.healthReason ? ` — ${nodeView.healthReason}` : ''}
      </dd>
      <dt>restarts</dt>
      <dd>{nodeView.restarts}</dd>
      <dt>protocol time</dt>
      <dd
        className={nodeView.protocolRate === 1 ? '' : 'warn'}
        data-protocol-rate={nodeView.protocolRate ?? ''}
      >
        {protocolTimeText(nodeView.protocolRate)}
      </dd>
      {nodeView.exit && (
        <>
          <dt>last exit</dt>
          <dd>{nodeView.exit.signal ?? `code ${nodeView.exit.code}`}</dd>
        </>
      )}
      <dt>durability</dt>
      <dd className={nodeView.syncRelaxed ? 'warn' : ''}>
        {nodeView.syncRelaxed
          ? 'fsync OFF: promises and accepts may be lost in a crash'
          : 'fsync before every promise and accept'}
      </dd>
      <dt>events dropped</dt>
      <dd>{Math.max(nodeView.eventsDropped, activity?.eventsDropped ?? 0)}</dd>
    </dl>
  );
}

/** What the node's own events show it doing. */
function ActivityCounters({ activity }: { activity: NodeActivity }) {
  return (
    <dl className="counters">
      {Object.entries(counterLabels).map(([name, label]) => (
        <div key={name}>
          <dt>{label}</dt>
          <dd className="mono">{activity.counters[name as keyof typeof counterLabels]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The agent's protocol rate in words, from its latest status. */
function protocolTimeText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return 'unknown (no status yet)';
  if (rate === 1) return 'real time';
  if (rate === 0) return 'stopped (held messages, or pace set to stopped)';
  return `×${rate} real time (timeouts and retries slowed)`;
}
