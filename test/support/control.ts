/** One-shot ControlService calls for tests: each opens a client, asks, and closes it. */
import type { GetStatusResponse } from '../../app/proto/generated/control';
import { ControlClient } from '../../node-agent/kit/client/control-client';
import {
  createControlClient,
  probeHealth,
  type HealthAnswer,
} from '../../node-agent/kit/launcher/health-probe';

export async function statusOf(address: string, token: string): Promise<GetStatusResponse> {
  const client = new ControlClient(address, token);
  try {
    return await client.status();
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
