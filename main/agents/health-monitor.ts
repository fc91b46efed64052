/**
 * Asks every agent for Health and status once a second and reports what changed: serving or not (and
 * why), unreachable, learner-only, sync relaxed, the verifier's counters. The node views show this next to the process state.
 */
import { status } from '@grpc/grpc-js';
import type { VerificationStatus } from '../../app/proto/generated/verification';
import type { NodeView } from '../../app/contract/console-state';
import type { AgentClient } from './agent-client';

export interface NodeHealth {
  health: 'unknown' | 'serving' | 'not-serving' | 'unreachable';
  reason: string;
  learnerOnly: boolean;
  syncRelaxed: boolean;
  /** How fast the agent's protocol time runs (GetStatus pace): 1 normal, 0 stopped; null when unknown. */
  protocolRate: number | null;
  /** The full-data verifier's counters (GetStatus verification); null when none runs or unknown. */
  verification?: NonNullable<NodeView['verification']> | null;
}

/** Generous, because two busy cores can delay an answer well past a loopback round trip. */
const probeTimeoutMsDefault = 1500;

export const unknownHealth: NodeHealth = {
  health: 'unknown',
  reason: '',
  learnerOnly: false,
  syncRelaxed: false,
  protocolRate: null,
  verification: null,
};

export interface HealthMonitorOptions {
  intervalMs?: number;
  probeTimeoutMs?: number;
  onChange: (nodeId: string, health: NodeHealth) => void;
}

export class HealthMonitor {
  private readonly latest = new Map<string, NodeHealth>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly clients: readonly AgentClient[],
    private readonly options: HealthMonitorOptions,
  ) {}

  start(): void {
    void this.probeAll();
    this.timer = setInterval(() => {
      if (!this.round) void this.probeAll();
    }, this.options.intervalMs ?? 1000);
    this.timer.unref?.();
  }

  health(nodeId: string): NodeHealth {
    return this.latest.get(nodeId) ?? unknownHealth;
  }

  /** Probes one node now (after a restart, say) rather than at the next tick. */
  async probeNow(nodeId: string): Promise<NodeHealth> {
    const client = this.clients.find((candidate) => candidate.nodeId === nodeId);
    if (client) await this.probe(client);
    return this.health(nodeId);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private probeAll(): Promise<void> {
    this.round = Promise.all(this.clients.map((client) => this.probe(client))).then(() => {
      this.round = null;
    });
    return this.round;
  }

  private async probe(client: AgentClient): Promise<void> {
    let next: NodeHealth;
    try {
      const report = await client.probe(this.options.probeTimeoutMs ?? probeTimeoutMsDefault);
      next = {
        health: report.serving ? 'serving' : 'not-serving',
        reason: report.reason,
        learnerOnly: report.status.learnerOnly,
        syncRelaxed: report.status.syncRelaxed,
        protocolRate: report.status.pace?.rate ?? null,
        verification: verificationOf(report.status.verification),
      };
    } catch (error) {
      const previous = this.health(client.nodeId);
      next = {
        ...previous,
        health: 'unreachable',
        reason: unreachableReason(error, this.options.probeTimeoutMs ?? probeTimeoutMsDefault),
      };
    }
    if (this.stopped) return;
    const previous = this.latest.get(client.nodeId);
    this.latest.set(client.nodeId, next);
    if (!previous || !sameHealth(previous, next)) this.options.onChange(client.nodeId, next);
  }
}

/** The reason given when an agent answers but refuses the console's control token. */
export const refusedTokenReason = 'refuses the control token';

/** A stable sentence per failure kind, so a silent node does not produce a new reason every second. */
function unreachableReason(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: unknown }).code;
  if (code === status.UNAVAILABLE) return 'not listening';
  if (code === status.DEADLINE_EXCEEDED) return `no answer within ${timeoutMs} ms`;
  if (code === status.UNAUTHENTICATED) return refusedTokenReason;
  return (error as Error).message;
}

function sameHealth(a: NodeHealth, b: NodeHealth): boolean {
  return (
    a.health === b.health &&
    a.reason === b.reason &&
    a.learnerOnly === b.learnerOnly &&
    a.syncRelaxed === b.syncRelaxed &&
    a.protocolRate === b.protocolRate &&
    JSON.stringify(a.verification ?? null) === JSON.stringify(b.verification ?? null)
  );
}

function verificationOf(status: VerificationStatus | undefined): NodeHealth['verification'] {
  if (!status) return null;
  const { keysVerified, divergences, repairs, lastVerifiedUnixMs, keysPerSecond, detectionBoundMs } = status;
  return { keysVerified, divergences, repairs, lastVerifiedUnixMs, keysPerSecond, detectionBoundMs };
}
