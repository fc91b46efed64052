/**
 * Every cluster the console spawns lives in its own run directory under the runs root, with a pid file
 * (run.json) naming the console and each agent it started. A console that crashed leaves the file
 * behind, and the next console reaps what it names.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { commandLineOf } from './process-identity';

export const runRecordSchema = z.strictObject({
  consolePid: z.number().int(),
  /** The console's command line when it wrote the file: a reused pid will not match it. */
  consoleCommandLine: z.string().nullable(),
  /** node id → pid of the agent process started last for it. */
  agents: z.record(z.string(), z.number().int()),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const runRecordFile = 'run.json';

/** Where runs go unless PAXOSCOPE_RUNS_DIR says otherwise. */
export function defaultRunsRoot(): string {
  return process.env.PAXOSCOPE_RUNS_DIR ?? join(tmpdir(), `paxoscope-runs-${process.getuid?.() ?? 'user'}`);
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** One run's directory and pid file; the pid file is rewritten (atomically) whenever an agent starts. */
export class RunDirectory {
  readonly path: string;
  private readonly record: RunRecord;

  constructor(
    readonly runsRoot: string,
    readonly runId: string,
  ) {
    this.path = join(runsRoot, runId);
    mkdirSync(this.path, { recursive: true });
    this.record = { consolePid: process.pid, consoleCommandLine: commandLineOf(process.pid), agents: {} };
    this.save();
  }

  nodeDataDir(nodeId: string): string {
    return join(this.path, 'nodes', nodeId);
  }

  recordAgent(nodeId: string, pid: number): void {
    this.record.agents[nodeId] = pid;
    this.save();
  }

  /** Deletes the whole run (data included): called once every agent of the run has stopped. */
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }

  private save(): void {
    const file = join(this.path, runRecordFile);
    writeFileSync(`${file}.tmp`, JSON.stringify(this.record));
    renameSync(`${file}.tmp`, file);
  }
}

export interface StoredRun {
  runId: string;
  path: string;
  /** Null when the pid file is missing or unreadable. */
  record: RunRecord | null;
}

export function listRuns(runsRoot: string): StoredRun[] {
  let entries: string[];
  try {
    entries = readdirSync(runsRoot);
  } catch {
    return [];
  }
  return entries.map((runId) => {
    const path = join(runsRoot, runId);
    try {
      const record = runRecordSchema.parse(JSON.parse(readFileSync(join(path, runRecordFile), 'utf8')));
      return { runId, path, record };
    } catch {
      return { runId, path, record: null };
    }
  });
}
