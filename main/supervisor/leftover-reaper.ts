/**
 * Cleans up after a console that died without stopping its agents (SIGKILL, power loss, a debugger):
 * for every run whose console is gone, SIGKILL each recorded agent that is provably ours (its command
 * line names this run's data directory), then delete the run.
 */
import { rmSync, statSync } from 'node:fs';
import { commandLineOf, isAlive } from './process-identity';
import { listRuns, type RunRecord, type StoredRun } from './run-registry';

export interface ReapReport {
  runsRemoved: string[];
  agentsKilled: { runId: string; nodeId: string; pid: number }[];
  /** Runs left alone because their console still runs. */
  runsInUse: string[];
}

export interface ProcessProbe {
  isAlive(pid: number): boolean;
  commandLineOf(pid: number): string | null;
  kill(pid: number): void;
}

const realProbe: ProcessProbe = { isAlive, commandLineOf, kill: (pid) => process.kill(pid, 'SIGKILL') };

export function reapLeftovers(runsRoot: string, probe: ProcessProbe = realProbe): ReapReport {
  const report: ReapReport = { runsRemoved: [], agentsKilled: [], runsInUse: [] };
  for (const run of listRuns(runsRoot)) {
    if (run.record ? consoleStillRuns(run.record, probe) : maybeBeingCreated(run.path)) {
      report.runsInUse.push(run.runId);
      continue;
    }
    if (run.record) killAgentsOf(run, run.record, probe, report);
    rmSync(run.path, { recursive: true, force: true });
    report.runsRemoved.push(run.runId);
  }
  return report;
}

function consoleStillRuns(record: RunRecord, probe: ProcessProbe): boolean {
  if (record.consolePid === process.pid) return true;
  if (!probe.isAlive(record.consolePid)) return false;
  const commandLine = probe.commandLineOf(record.consolePid);
  // Unknown (another OS, no permission): assume it is the console and leave its run alone.
  if (commandLine === null || record.consoleCommandLine === null) return true;
  return commandLine === record.consoleCommandLine;
}

/** A run without a pid file may be one another console is creating this very moment. */
function maybeBeingCreated(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 60_000;
  } catch {
    return false;
  }
}

function killAgentsOf(run: StoredRun, record: RunRecord, probe: ProcessProbe, report: ReapReport): void {
  for (const [nodeId, pid] of Object.entries(record.agents)) {
    if (!probe.isAlive(pid)) continue;
    const commandLine = probe.commandLineOf(pid);
    if (commandLine === null || !commandLine.includes(run.path)) continue;
    try {
      probe.kill(pid);
      report.agentsKilled.push({ runId: run.runId, nodeId, pid });
    } catch {
      // Exited between the check and the kill: nothing left to do.
    }
  }
}
