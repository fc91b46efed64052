/** Vitest globalSetup: build the agent bundle once per test run, and only when its sources changed. */
import { ensureAgentBundle } from '../../node-agent/kit/launcher/agent-bundle';

export default async function setup(): Promise<void> {
  await ensureAgentBundle();
}
