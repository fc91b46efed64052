/**
 * The cluster mode of `npm run check` (main/harness): starts or attaches to agents, runs a workload and
 * a nemesis, and checks what the clients saw. check-history.ts loads this file only when asked for
 * that mode (or for the full help), so checking a recorded history never loads the harness, gRPC or
 * the protobuf runtime.
 */
import { runClusterCheck } from '../main/harness/cluster-check';
import {
  clusterFlagTable,
  ClusterUsageError,
  parseClusterCheckArguments,
} from '../main/harness/cluster-check-options';
import { runClusterComparison } from '../main/harness/protocol-compare';
import { exitCodes, flagHelp, historyUsage, type CheckIo } from './check-usage';

export const clusterUsage = [
  'usage: npm run check -- --duration D [--nemesis all|none|kill,…] [--seed S] [--clients N] [--keys K]',
  '                        [--protocol paxoskv|quorumkv|… | --compare paxoskv,quorumkv,…]',
  '                        [--attach ADDRS --token T]',
  '                        [--mode paxos|one-replica-read] [--out DIR]',
  ...flagHelp(clusterFlagTable),
  'exit codes: 0 clean, 1 violation, lost acknowledged write or unsettled cluster, 2 bad input, 3 unknown,',
  '            4 internal error',
].join('\n');

/** Both modes' usage. */
export const fullUsage = `${historyUsage}\n\n${clusterUsage}`;

/** Runs the cluster check and prints its summary; returns the exit code. */
export async function runClusterMode(argv: readonly string[], io: CheckIo): Promise<number> {
  let parsed;
  try {
    parsed = parseClusterCheckArguments(argv, Date.now());
  } catch (error) {
    if (!(error instanceof ClusterUsageError)) throw error;
    io.error(`check: ${error.message}\n\n${fullUsage}\n`);
    return exitCodes.badInput;
  }
  if (parsed === 'help') {
    io.out(`${fullUsage}\n`);
    return exitCodes.ok;
  }
  if (parsed.compare !== undefined) {
    const comparison = await runClusterComparison(parsed);
    io.out(comparison.summary);
    return comparison.exitCode;
  }
  const outcome = await runClusterCheck(parsed);
  io.out(outcome.summary);
  return outcome.exitCode;
}
