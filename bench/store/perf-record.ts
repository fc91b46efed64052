/**
 * Linux `perf` over the agents' processes for a window: CPU-clock samples (user and kernel time
 * alike), so the profile counts CPU as /proc's CPU-per-op figure does. V8's --cpu-prof charges each
 * sample the wall-clock time since the previous one, which on a saturated machine piles the time a
 * process waited for a core onto whatever call woke another thread (a LevelDB request, a socket write).
 * The agents run with --perf-basic-prof so perf can name JS functions.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const perfNodeArgs = ['--perf-basic-prof-only-functions'];

/** Whether `perf record` can run here (installed, and allowed to sample other processes). */
export function perfAvailable(): boolean {
  const probe = spawnSync('perf', ['stat', '-e', 'task-clock', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

export interface PerfRecording {
  /** Stops sampling and resolves once perf has written its file. */
  stop(): Promise<void>;
}

export function startPerfRecord(pids: readonly number[], outputPath: string): PerfRecording {
  const perf: ChildProcess = spawn(
    'perf',
    ['record', '-q', '-e', 'cpu-clock', '-F', '999', '-g', '-o', outputPath, '-p', pids.join(',')],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => perf.once('exit', () => resolve()));
  return {
    async stop() {
      perf.kill('SIGINT');
      await exited;
    },
  };
}

export interface PerfCost {
  share: number;
  where: string;
}

/** `perf report`'s rows for one sort key (self time unless `children`), largest first. */
export function perfReport(path: string, sort: string, topCount: number, children = false): PerfCost[] {
  const report = spawnSync(
    'perf',
    [
      'report',
      '-i',
      path,
      '--stdio',
      children ? '--children' : '--no-children',
      '-g',
      'none',
      '--sort',
      sort,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const rows: PerfCost[] = [];
  for (const line of report.stdout.split('\n')) {
    const match = /^\s+([\d.]+)%\s+(?:([\d.]+)%\s+)?(.+)$/.exec(line);
    if (!match) continue;
    rows.push({ share: Number(match[1]) / 100, where: match[3]!.replace(/\s+/g, ' ').trim() });
    if (rows.length >= topCount) break;
  }
  return rows;
}
