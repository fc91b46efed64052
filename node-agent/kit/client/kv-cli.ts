/**
 * `npm run kv -- put KEY VALUE | get KEY | delete KEY | cas KEY EXPECTED_VERSION VALUE [--node ID]`,
 * the bulk `fill PREFIX COUNT` (kv-fill.ts, pipelined),
 * and the data structures and image keys (`qpush`, `qpop`, `sadd`, `tput`, `iset`, … see --help):
 * the KV command line. Without --node it asks the key's replicas in role order A → B → C, moving on
 * when one is down. Exit codes: 0 ok, 1 not found or version conflict, 2 bad input, 3 unavailable
 * (down, no quorum, preempted, deadline: worth retrying), 4 a structure key holding something else.
 */
import { pathToFileURL } from 'node:url';
import { UsageError } from '../cli/flags';
import { runStructureCommand, type Printer } from '../structures/structure-run';
import { ClusterKvClient, KvCallError } from './kv-client';
import { kvCliUsage, parseKvCliCommand, type KvCliCommand, type KvCommand } from './kv-command';
import { runKvFill } from './kv-fill';
import { exitCodeOf, printFailure, printOutcome } from './kv-output';

/** Runs one kv command line (without the program name) and returns its exit code. */
export async function runKvCli(argv: readonly string[], printer?: Printer): Promise<number> {
  let command: KvCliCommand | 'help';
  try {
    command = parseKvCliCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`kv: ${error.message}\n\n${kvCliUsage}`);
    return 2;
  }
  if (command === 'help') {
    console.log(kvCliUsage);
    return 0;
  }
  if (command.type === 'fill') return runKvFill(command);
  return command.type === 'structure' ? runStructureCommand(command, printer) : runKvOperation(command);
}

async function runKvOperation(command: KvCommand): Promise<number> {
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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runKvCli(process.argv.slice(2));
}
