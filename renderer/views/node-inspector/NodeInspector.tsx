/** The selected node: its process and health, what its events show it doing, the events it dropped, its log. */
import { useCallback } from 'react';
import type { NodeView } from '../../../app/contract/console-state';
import type { NodeActivity, ObservedCluster } from '../../store/observed-cluster';
import { healthLabels } from '../../store/selectors/node-health';
import { useConsole, useConsoleState, useShownThrottled } from '../use-console';
import { useHealthById } from '../use-cluster';
import { NodeLog } from './NodeLog';
import { PendingEntries } from './PendingEntries';

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
  const protocol = useConsoleState((state) => state.cluster.topology?.protocol ?? 'paxoskv');
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
      {protocol === 'paxoskv' && <PendingEntries nodeId={nodeId} />}
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
      <dt>verification</dt>
      <dd className={nodeView.verification?.divergences ? 'warn' : ''} data-verification="">
        {verificationText(nodeView.verification)}
      </dd>
    </dl>
  );
}

/** PaxosKV's own counters; another protocol's steps are counted by their own names instead. */
const paxosOnly = new Set<keyof typeof counterLabels>([
  'proposals',
  'fastProposals',
  'promises',
  'accepts',
  'rejections',
  'chosen',
  'catchUps',
  'readsServed',
]);

/** What the node's own events show it doing, in the words of the protocol the cluster runs. */
function ActivityCounters({ activity }: { activity: NodeActivity }) {
  const protocol = useConsoleState((state) => state.cluster.topology?.protocol ?? 'paxoskv');
  const names = (Object.keys(counterLabels) as (keyof typeof counterLabels)[]).filter(
    (name) => protocol === 'paxoskv' || !paxosOnly.has(name),
  );
  const steps = Object.entries(activity.counters.protocolSteps).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="counters" data-protocol={protocol}>
      {steps.map(([step, count]) => (
        <div key={step}>
          <dt>{stepWords(step)}</dt>
          <dd className="mono">{count}</dd>
        </div>
      ))}
      {names.map((name) => (
        <div key={name}>
          <dt>{counterLabels[name]}</dt>
          <dd className="mono">{activity.counters[name]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A protocol's step name in words: quorumWrite → quorum write. */
function stepWords(step: string): string {
  return step.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** The full-data verifier's counters in words (docs/data-verification.md), from the latest status. */
function verificationText(verification: NodeView['verification']): string {
  if (!verification) return 'no verifier (or no status yet)';
  if (verification.keysPerSecond === 0) return 'off';
  const { keysVerified, divergences, repairs, lastVerifiedUnixMs, keysPerSecond, detectionBoundMs } =
    verification;
  const last =
    lastVerifiedUnixMs === 0 ? 'not yet' : `last ${new Date(lastVerifiedUnixMs).toLocaleTimeString()}`;
  return (
    `${keysVerified} keys verified · ${divergences} divergence${divergences === 1 ? '' : 's'} · ` +
    `${repairs} repair${repairs === 1 ? '' : 's'} · ${last} · ${keysPerSecond} keys/s, ` +
    `a corrupt copy found within ${(detectionBoundMs / 1000).toFixed(1)} s`
  );
}

/** The agent's protocol rate in words, from its latest status. */
function protocolTimeText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return 'unknown (no status yet)';
  if (rate === 1) return 'real time';
  if (rate === 0) return 'stopped (held messages, or pace set to stopped)';
  return `×${rate} real time (timeouts and retries slowed)`;
}
