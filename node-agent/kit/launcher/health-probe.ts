/**
 * Readiness is a real Health answer from the agent's ControlService, never a fixed sleep: the probe
 * keeps one channel open (which reconnects quickly on loopback) and asks until the agent answers.
 */
import { credentials } from '@grpc/grpc-js';
import { ControlServiceClient, HealthResponse_ServingStatus } from '../../../app/proto/generated/control';
import { channelOptions } from '../grpc/channel-options';
import { callUnary } from '../grpc/unary-call';

export interface HealthAnswer {
  serving: boolean;
  /** Why the agent is not serving (empty when serving), for example "learner-only: relearning". */
  reason: string;
}

/** Asks once; rejects when the agent does not answer within timeoutMs. */
export async function probeHealth(client: ControlServiceClient, timeoutMs: number): Promise<HealthAnswer> {
  const answer = await callUnary(client.health.bind(client), {}, { timeoutMs, waitForReady: true });
  return {
    serving: answer.status === HealthResponse_ServingStatus.SERVING_STATUS_SERVING,
    reason: answer.reason,
  };
}

/** While an agent starts, its port refuses connections; retry every 100 ms at most, not every second. */
const probeChannelOptions = { ...channelOptions, 'grpc.max_reconnect_backoff_ms': 100 };

export function createControlClient(address: string): ControlServiceClient {
  return new ControlServiceClient(address, credentials.createInsecure(), probeChannelOptions);
}

export interface WaitForHealthOptions {
  timeoutMs: number;
  /** Resolve only once the agent is serving, not merely answering (learner-only answers but does not serve). */
  serving: boolean;
  /** Rejects (to stop waiting early) when the agent process has died. */
  abort?: Promise<never>;
}

/** Probes until the agent answers (or serves); rejects after timeoutMs with the last answer or error. */
export async function waitForHealth(address: string, options: WaitForHealthOptions): Promise<HealthAnswer> {
  const client = createControlClient(address);
  const deadlineMs = Date.now() + options.timeoutMs;
  let last = 'no answer';
  try {
    while (Date.now() < deadlineMs) {
      const attemptMs = Math.min(250, Math.max(1, deadlineMs - Date.now()));
      const attempt = probeHealth(client, attemptMs).then(
        (answer) => answer,
        (error: Error) => error,
      );
      const result = await (options.abort ? Promise.race([attempt, options.abort]) : attempt);
      if (result instanceof Error) last = result.message;
      else if (result.serving || !options.serving) return result;
      else {
        last = `not serving: ${result.reason}`;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    throw new Error(`${address} not ready after ${options.timeoutMs} ms (${last})`);
  } finally {
    client.close();
  }
}
