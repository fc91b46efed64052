/** `npm run build:agent [-- --if-stale]`: writes dist/node-agent/agent.mjs (only when sources changed). */
import { agentBundlePath, buildAgentBundle, ensureAgentBundle } from './agent-bundle';

const startedMs = performance.now();
if (process.argv.includes('--if-stale')) {
  if (await ensureAgentBundle()) console.error(`rebuilt ${agentBundlePath}`);
} else {
  await buildAgentBundle();
  console.log(`built ${agentBundlePath} in ${Math.round(performance.now() - startedMs)} ms`);
}
