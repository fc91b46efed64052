/**
 * `npm run bench:wpaxos-locality`: WPaxos's locality win, measured on six real agents (fsync on). n0
 * (zone 1, dc1) writes an object first and so leads it; then every link between two datacenters gets
 * the fault gate's extra delay (the fault panel's link rule, on each of the 24 directed links that
 * cross a datacenter). Writes from the object's own zone (n0) and from a remote zone (n1, dc2) are timed
 * at the client, two own writes for each remote one, so zone 2 never holds most of the policy's window
 * and the object stays put. Then n1 writes alone until zone 2 steals the object (phase 1 crosses every
 * link), and its writes are timed again, now from the object's new zone. Prints figures and the load
 * average; asserts no time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTopology, nodeLocations } from '../../app/model/topology';
import type { NodeId } from '../../app/paxos/types';
import { utf8ToBytes } from '../../app/util/byte-text';
import {
  ClusterKvClient,
  ControlClient,
  ensureAgentBundle,
  integerFlag,
  LocalCluster,
  parseFlags,
  withFreePorts,
} from '../../node-agent';
import { formatMs, summarizeLatencies } from './latency';

const usage = `Usage: npm run bench:wpaxos-locality -- [--delay-ms N] [--rounds N]

  --delay-ms N   extra one-way delay on every link between two datacenters (default 40; 0-2000)
  --rounds N     rounds of (own, own, remote) writes, and writes timed after the steal (default 20; 3-500)`;

const key = 'locality';
/** n0 and n1 sit in dc1 and dc2 (zones 1 and 2) of the default topology. */
const own: NodeId = 'n0';
const remote: NodeId = 'n1';

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), {
    'delay-ms': { switch: false },
    rounds: { switch: false },
    help: { switch: true },
  });
  if (values.help === true) return console.log(usage);
  const delayMs = integerFlag(values, 'delay-ms', 0, 2000) ?? 40;
  const rounds = integerFlag(values, 'rounds', 3, 500) ?? 20;

  if (await ensureAgentBundle()) console.log('rebuilt the agent bundle (dist/node-agent/agent.mjs)');
  const topology = { ...(await withFreePorts(defaultTopology())), protocol: 'wpaxos' as const };
  const nodes = nodeLocations(topology);
  const token = randomBytes(18).toString('hex');
  const dataRoot = mkdtempSync(join(tmpdir(), 'paxoscope-wpaxos-locality-'));
  const cluster = new LocalCluster({ topology, dataRoot, token, sync: 'always', readyTimeoutMs: 30_000 });
  const killOnExit = () => cluster.killAllNow();
  process.once('exit', killOnExit);
  const kv = new ClusterKvClient(topology, { attemptTimeoutMs: 10_000 });
  const controls = nodes.map((node) => new ControlClient(cluster.address(node.id), token));
  console.log(`load average before: ${load()}`);
  try {
    await Promise.all(nodes.map((node) => cluster.start(node.id)));
    let sequence = 0;
    /** One put through `node`, timed at the client. */
    const put = async (node: NodeId): Promise<number> => {
      sequence += 1;
      const startedMs = performance.now();
      // A refusal throws (KvCallError): the bench hides no error.
      await kv.run(
        { kind: 'put', key, value: utf8ToBytes(`write ${sequence} via ${node}`) },
        { targets: [node], requestId: `locality-${sequence}` },
      );
      const tookMs = performance.now() - startedMs;
      return tookMs;
    };

    const firstMs = await put(own); // n0 steals the object: nobody led it
    for (const from of nodes) {
      for (const to of nodes) {
        if (from.datacenterId === to.datacenterId) continue;
        const rule = {
          from: from.id,
          to: to.id,
          delayMs,
          jitterMs: 0,
          dropProbability: 0,
          duplicateProbability: 0,
        };
        // As the console does: every agent's gate gets the change.
        await Promise.all(controls.map((control) => control.applyFault({ kind: 'link', rule })));
      }
    }
    const ownMs: number[] = [];
    const remoteMs: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      ownMs.push(await put(own), await put(own));
      remoteMs.push(await put(remote));
    }
    // Now zone 2 asks alone: within a few writes it holds most of the window and n1 steals.
    const remoteControl = controls[nodes.findIndex((node) => node.id === remote)]!;
    let stolen = false;
    const watch = remoteControl.watch(0, (event) => {
      const step = event.type === 'protocolStep' && event.step === 'stole' && event.key === key;
      if (step && event.agent === remote) stolen = true;
    });
    const beforeStealMs: number[] = [];
    for (let i = 0; i < 12 && !stolen; i += 1) beforeStealMs.push(await put(remote));
    watch.cancel();
    const leader = stolen ? remote : '';
    const movedMs: number[] = [];
    for (let i = 0; i < rounds; i += 1) movedMs.push(await put(remote));

    const line = (label: string, samples: number[]) => {
      const summary = summarizeLatencies(samples);
      const max = Math.max(...samples);
      console.log(
        `${label.padEnd(44)} n=${String(summary.count).padStart(3)}  p50 ${formatMs(summary.p50Ms).padStart(6)} ms  mean ${formatMs(summary.meanMs).padStart(6)} ms  max ${formatMs(max).padStart(6)} ms`,
      );
    };
    console.log(`WPaxos (F = 0), six agents, fsync on; +${delayMs} ms one way between datacenters`);
    console.log(`first write (n0 steals the object, no delay yet): ${formatMs(firstMs)} ms`);
    line('own zone: n0 (zone 1, the leader)', ownMs);
    line('remote zone: n1 (zone 2), forwarded to n0', remoteMs);
    line(`n1 until zone 2 stole it (${leader === remote ? 'stolen' : 'NOT stolen'})`, beforeStealMs);
    line('after the steal: n1 (zone 2, now the leader)', movedMs);
  } finally {
    console.log(`load average after: ${load()}`);
    kv.close();
    for (const control of controls) control.close();
    await cluster.stopAll();
    process.off('exit', killOnExit);
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
