/** One-shot ControlService calls for tests: each opens a client, asks, and closes it. */
import type { GetStatusResponse } from '../../app/proto/generated/control';
import { createControlClient, probeHealth, type HealthAnswer } from '../../node-agent/kit/launcher/health-probe';
import { callUnary } from '../../node-agent/kit/grpc/unary-call';

export async function statusOf(address: string): Promise<GetStatusResponse> {
  const client = createControlClient(address);
  try {
    return await callUnary(client.getStatus.bind(client), {}, { timeoutMs: 5000 });
  } finally {
    client.close();
  }
}

export async function healthOf(address: string): Promise<HealthAnswer> {
  const client = createControlClient(address);
  try {
    return await probeHealth(client, 5000);
  } finally {
    client.close();
  }
}
