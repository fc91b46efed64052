/**
 * Reads V8 .cpuprofile files (node --cpu-prof) and ranks functions by self time, so a profile can be
 * compared before and after a change as a short table instead of a flame graph nobody keeps.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  /** "name (file:line)", with the path shortened to what follows node_modules/ or the repo. */
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time in (idle), i.e. the thread waited for I/O or a timer. */
  idleMs: number;
  top: FunctionCost[];
  /** Self time by source area (the core, the codecs, grpc-js, LevelDB, GC, ...), largest first. */
  areas: FunctionCost[];
}

/**
 * The agent runs from an esbuild bundle, which marks where each source file starts with a
 * "// path" line; this maps a bundle line back to its source file, so costs can be grouped by area.
 */
export function bundleFileMap(bundlePath: string): (line: number) => string {
  const starts: { line: number; file: string }[] = [];
  readFileSync(bundlePath, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const match = /^\/\/ ((?:app|node-agent|node_modules)\/\S+\.[cm]?[jt]s)$/.exec(text);
      if (match) starts.push({ line: i, file: match[1]! });
    });
  return (line) => {
    let found = 'bundle';
    for (const start of starts) {
      if (start.line > line) break;
      found = start.file;
    }
    return found;
  };
}

/** The area a sample's function belongs to: a source folder, a package, or V8's own buckets. */
function areaOf(functionName: string, url: string, file: string | null): string {
  if (functionName.startsWith('(')) return functionName;
  if (file !== null) {
    if (file.startsWith('node_modules/')) return file.split('/').slice(0, 2).join('/');
    return file.split('/').slice(0, 2).join('/');
  }
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return url.startsWith('node:') || !url.includes('/') ? 'node internals' : url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const slash = url.lastIndexOf('/');
  return slash >= 0 ? url.slice(slash + 1) : url;
}

/**
 * Self time per function summed over profiles: each sample's delta is charged to the node it hit,
 * which is more exact than hitCount × the mean interval when the process was starved of CPU.
 */
export function summarizeProfiles(
  paths: readonly string[],
  topCount: number,
  bundle: { url: string; fileOf(line: number): string } | null = null,
): ProfileSummary {
  const selfMs = new Map<string, number>();
  const areaMs = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = byId.get(id)?.callFrame;
      if (!frame) return;
      totalMs += ms;
      if (frame.functionName === '(idle)') {
        idleMs += ms;
        return;
      }
      const file = bundle && frame.url.endsWith(bundle.url) ? bundle.fileOf(frame.lineNumber) : null;
      const where = `${frame.functionName || '(anonymous)'} (${file ?? shortUrl(frame.url)}:${frame.lineNumber + 1})`;
      selfMs.set(where, (selfMs.get(where) ?? 0) + ms);
      const area = areaOf(frame.functionName, frame.url, file);
      areaMs.set(area, (areaMs.get(area) ?? 0) + ms);
    });
  }
  const busyMs = totalMs - idleMs;
  const ranked = (costs: Map<string, number>, count: number) =>
    [...costs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([where, ms]) => ({ where, selfMs: ms, share: busyMs > 0 ? ms / busyMs : 0 }));
  return { totalMs, idleMs, top: ranked(selfMs, topCount), areas: ranked(areaMs, 25) };
}
