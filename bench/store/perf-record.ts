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

/** Where a sample's CPU went, by thread and by what the main thread was serving. */
function entryOf(stack: readonly string[]): string {
  const has = (part: string) => stack.some((frame) => frame.includes(part));
  if (has('OptimizingCompileDispatcher')) return 'V8 optimizing compiler thread';
  if (has('ScavengerCollector') || has('MarkCompactCollector') || has('Heap::CollectGarbage')) return 'GC';
  if (!has('uv_run')) return 'other threads (LevelDB writes and fsyncs, libuv pool, kernel)';
  if (has('ConsumeHTTP2Data')) return 'main: HTTP/2 input (gRPC calls and streams)';
  if (has('uv__read')) return 'main: plain socket input (loopback peer frames)';
  if (has('uv__work_done')) return 'main: LevelDB completions (group commit release)';
  if (has('uv__run_check')) return 'main: setImmediate (peer frame flush)';
  if (has('uv__run_timers')) return 'main: timers (ticks, gRPC, verifier)';
  return 'main: other';
}

/** A JS frame as perf names it with --perf-basic-prof: "JS:*name url:line:column". */
const jsFrame = /^JS:[*^~+]?(\S*) (\S+?):(\d+):\d+$/;

export interface PerfStackSummary {
  samples: number;
  /** By thread and entry (entryOf). */
  entries: PerfCost[];
  /** Each sample charged to the nearest JS frame of the project (its source file) or of a package. */
  owners: PerfCost[];
  /** Samples with at least one JS frame of the source folder or package on the stack. */
  areas: PerfCost[];
}

/**
 * Reads perf's call stacks (`perf script`) and sums them three ways, naming the agent bundle's frames
 * by their source file (`fileOf`, from the bundle's "// path" markers). Frames TurboFan inlined do not
 * show, so a caller that inlines its callees takes their time.
 */
export function perfStackSummary(
  path: string,
  fileOf: (line: number) => string,
  topCount: number,
): PerfStackSummary {
  const script = spawnSync('perf', ['script', '-i', path, '-F', 'comm,tid,ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const stacks: string[][] = [];
  for (const line of script.stdout.split('\n')) {
    if (line.length > 0 && !/^\s/.test(line)) stacks.push([]);
    else if (line.trim() && stacks.length > 0)
      stacks[stacks.length - 1]!.push(line.trim().replace(/^\S+\s+/, ''));
  }
  const entries = new Map<string, number>();
  const owners = new Map<string, number>();
  const areas = new Map<string, number>();
  const add = (costs: Map<string, number>, key: string) => costs.set(key, (costs.get(key) ?? 0) + 1);
  for (const stack of stacks) {
    add(entries, entryOf(stack));
    let owner: string | null = null;
    const seen = new Set<string>();
    for (const frame of stack) {
      const match = jsFrame.exec(frame);
      if (!match) continue;
      const url = match[2]!;
      if (url.startsWith('node:')) continue;
      const file = url.endsWith('agent.mjs')
        ? fileOf(Number(match[3]) - 1)
        : url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length);
      owner ??= file;
      const parts = file.split('/');
      const area = file.startsWith('node-agent/') ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
      if (!seen.has(area)) {
        seen.add(area);
        add(areas, area);
      }
    }
    add(owners, owner ?? '(no JS frame of the project or a package)');
  }
  const ranked = (costs: Map<string, number>) =>
    [...costs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topCount)
      .map(([where, count]) => ({ where, share: count / Math.max(1, stacks.length) }));
  return { samples: stacks.length, entries: ranked(entries), owners: ranked(owners), areas: ranked(areas) };
}
