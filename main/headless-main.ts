/**
 * Entry point of the headless console (`npm run start:headless`, and `npm start` without an Electron
 * binary): reap what a crashed console left, serve the console on 127.0.0.1, print its URL, and start
 * the embedded cluster unless --no-cluster.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../node-agent';
import { ConsoleService } from './console/console-service';
import { dispatchCommand } from './console/dispatch';
import {
  parseHeadlessFlags,
  headlessUsage,
  type HeadlessFlags,
  type SimulateFlags,
} from './headless/headless-flags';
import { startHeadlessServer } from './headless/headless-server';
import { openBrowser } from './headless/open-browser';
import { consolePaths } from './paths';
import { installExitGuard } from './supervisor/exit-guard';
import { reapLeftovers } from './supervisor/leftover-reaper';
import { defaultRunsRoot } from './supervisor/run-registry';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(flags: HeadlessFlags): Promise<void> {
  const startedMs = performance.now();
  const paths = consolePaths(import.meta.url);
  const runsRoot = flags.runsDir ?? defaultRunsRoot();
  const reaped = reapLeftovers(runsRoot);
  if (reaped.runsRemoved.length > 0) {
    log(
      `reaped ${reaped.agentsKilled.length} leftover agent(s) from ${reaped.runsRemoved.length} crashed run(s)`,
    );
  }
  const service = new ConsoleService({ runsRoot, bundlePath: paths.agentBundle });
  const server = await startHeadlessServer({ service, rendererDir: paths.rendererDir, port: flags.port });
  installExitGuard({
    shutdown: () => server.close().then(() => service.shutdown()),
    killNow: () => service.killNow(),
  });
  log(`Paxoscope console (headless): ${server.url}`);
  if (flags.open) openBrowser(server.url, log);
  if (!flags.cluster) return;
  if (flags.simulate) return startSimulated(service, flags.simulate, startedMs);
  const topologyText =
    flags.topologyFile === undefined ? undefined : readFileSync(flags.topologyFile, 'utf8');
  const reply = await dispatchCommand(service.handlers, 'startCluster', { topologyText, sync: flags.sync });
  if (!reply.ok) {
    log(`cluster did not start: ${reply.error.field}: ${reply.error.message}`);
    return;
  }
  const { nodes } = reply.output as { nodes: { id: string; address: string }[] };
  const elapsedMs = Math.round(performance.now() - startedMs);
  log(
    `cluster ready: ${nodes.length} agents in ${elapsedMs} ms (${nodes.map((n) => `${n.id}@${n.address}`).join(' ')})`,
  );
}

/** `--simulate`: a simulated cluster in this process, no agents (docs/simulated-cluster.md). */
async function startSimulated(service: ConsoleService, input: SimulateFlags, startedMs: number) {
  const reply = await dispatchCommand(service.handlers, 'startSimulatedCluster', input);
  if (!reply.ok) {
    log(`simulated cluster did not start: ${reply.error.field}: ${reply.error.message}`);
    return;
  }
  const { seed, nodes, readyMs } = reply.output as { seed: number; nodes: unknown[]; readyMs: number };
  const elapsedMs = Math.round(performance.now() - startedMs);
  log(
    `simulated cluster ready: seed ${seed}, ${nodes.length} nodes in ${Math.round(readyMs)} ms (console up in ${elapsedMs} ms)`,
  );
}

try {
  const flags = parseHeadlessFlags(process.argv.slice(2));
  if (flags === 'help') log(headlessUsage);
  else await main(flags);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${headlessUsage}\n`);
  process.exit(2);
}
