/**
 * `npm run kv -- fill PREFIX COUNT`: the KV command line's bulk write. Writes COUNT keys PREFIX0 …
 * PREFIX(COUNT-1), each a random value of --value-bytes, --in-flight at a time, every one on its key's
 * replicas in role order like `put` (one request id over its attempts, so a retry on the next role is
 * answered as a dedup). All of them travel on one KvService.Pipeline stream per agent: a preload of
 * thousands of keys without a unary call each. Prints the time, the rate and each key that failed.
 */
import { randomFillSync } from 'node:crypto';
import type { Topology } from '../../../app/model/topology';
import { ClusterKvClient, KvCallError, newRequestId } from './kv-client';

export interface KvFillCommand {
  topology: Topology;
  prefix: string;
  count: number;
  valueBytes: number;
  inFlight: number;
  /** Ask only this agent (it forwards keys it does not replicate). */
  via: string | undefined;
  timeoutMs: number;
}

export interface KvFillResult {
  written: number;
  failed: { key: string; message: string }[];
  seconds: number;
}

/** Failed keys printed one by one up to this many; the rest are counted. */
const failuresShownMax = 10;

export async function runKvFill(
  command: KvFillCommand,
  print = (line: string) => console.log(line),
): Promise<number> {
  const result = await fillKeys(command);
  const rate = result.seconds > 0 ? Math.round(result.written / result.seconds) : 0;
  print(
    `fill ${command.prefix}0 … ${command.prefix}${command.count - 1}: ${result.written} of ${command.count} written in ${result.seconds.toFixed(2)} s (${rate} writes/s), ${command.inFlight} in flight, ${command.valueBytes}-byte values, pipelined`,
  );
  for (const failure of result.failed.slice(0, failuresShownMax))
    print(`  ${failure.key}: ${failure.message}`);
  if (result.failed.length > failuresShownMax) {
    print(`  … and ${result.failed.length - failuresShownMax} more failed`);
  }
  return result.failed.length === 0 ? 0 : 3;
}

export async function fillKeys(command: KvFillCommand): Promise<KvFillResult> {
  const client = new ClusterKvClient(command.topology, {
    attemptTimeoutMs: command.timeoutMs,
    pipelined: true,
  });
  const targets = command.via === undefined ? undefined : [command.via];
  const failed: KvFillResult['failed'] = [];
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < command.count) {
      const key = `${command.prefix}${next++}`;
      const value = randomFillSync(new Uint8Array(command.valueBytes));
      try {
        await client.run({ kind: 'put', key, value }, { requestId: newRequestId('kv-fill'), targets });
        written += 1;
      } catch (error) {
        if (!(error instanceof KvCallError)) throw error;
        failed.push({ key, message: error.message });
      }
    }
  };
  const beganMs = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(command.inFlight, command.count) }, worker));
  } finally {
    client.close();
  }
  return { written, failed, seconds: (performance.now() - beganMs) / 1000 };
}
