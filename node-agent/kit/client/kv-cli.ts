/**
 * `npm run kv -- put KEY VALUE | get KEY | delete KEY | cas KEY EXPECTED_VERSION VALUE [--node ID]`:
 * the KV command line. Without --node it asks the key's replicas in role order A → B → C, moving on
 * when one is down. Exit codes: 0 ok, 1 not found or version conflict, 2 bad input, 3 unavailable
 * (down, no quorum, preempted, deadline: worth retrying).
 */
import { UsageError } from '../cli/flags';
import { ClusterKvClient, KvCallError } from './kv-client';
import { kvUsage, parseKvCommand, type KvCommand } from './kv-command';
import { exitCodeOf, printFailure, printOutcome } from './kv-output';

async function main(): Promise<number> {
  let command: KvCommand | 'help';
  try {
    command = parseKvCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`kv: ${error.message}\n\n${kvUsage}`);
    return 2;
  }
  if (command === 'help') {
    console.log(kvUsage);
    return 0;
  }
  const client = new ClusterKvClient(command.topology, { attemptTimeoutMs: command.timeoutMs });
  const startedMs = performance.now();
  try {
    const { operation, requestId, via } = command;
    const outcome = await client.run(operation, {
      requestId,
      targets: via === undefined ? undefined : [via],
    });
    return printOutcome(command.operation, outcome, performance.now() - startedMs);
  } catch (error) {
    if (!(error instanceof KvCallError)) throw error;
    printFailure(error, performance.now() - startedMs);
    return exitCodeOf(error.last.failure);
  } finally {
    client.close();
  }
}

process.exitCode = await main();
