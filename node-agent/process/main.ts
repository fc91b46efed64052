/**
 * The node agent's entry point: flags → config (exit 2 on any mistake, naming the field), start, and a
 * clean shutdown on SIGTERM/SIGINT (exit 0). A failure of the disk under the running loop exits 1.
 */
import { agentUsage, parseAgentConfig, type AgentConfig } from './agent-config';
import { startAgent, type RunningAgent } from './agent';
import { UsageError } from '../kit/cli/flags';

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function parseOrExit(): AgentConfig {
  try {
    const config = parseAgentConfig(process.argv.slice(2));
    if (config === 'help') {
      console.log(agentUsage);
      process.exit(0);
    }
    return config;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`agent: ${error.message}\n\nRun with --help for usage.`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = parseOrExit();
  let agent: RunningAgent;
  try {
    agent = await startAgent(config, {
      log,
      onFatal: (error) => {
        log(`fatal: ${error.message}; exiting so that no unpersisted state is ever revealed`);
        process.exit(1);
      },
    });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`agent: ${error.message}`);
      process.exit(2);
    }
    log(`cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  const stop = (why: string) => {
    log(`${why}: shutting down`);
    agent.shutdown().then(
      () => {
        log('stopped cleanly');
        process.exit(0);
      },
      (error: Error) => {
        log(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (config.exitWithParent) {
    process.stdin.on('end', () => stop('parent gone (stdin closed)'));
    process.stdin.resume();
  }
}

await main();
