/**
 * Reads V8 .cpuprofile files (node --cpu-prof) and ranks functions by self time, so a profile can be
 * compared before and after a change as a short table instead of a flame graph nobody keeps.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
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
  /**
   * Each sample charged to the nearest frame on its stack that is the project's or a package's (not
   * Node's own code or V8's buckets), by area: who asked for the native and Node-internal work.
   */
  owners: FunctionCost[];
  /** Time with at least one frame of the area on the stack (an area counts once per sample). */
  inclusiveAreas: FunctionCost[];
  /** Time with the function on the stack, for the project's and packages' functions. */
  inclusiveTop: FunctionCost[];
}

/** A span of samples to keep, in the profiles' clock (CLOCK_MONOTONIC µs, as process.hrtime). */
export interface SampleWindow {
  fromUs: number;
  toUs: number;
}

/** What a profile node's stack contributes: computed once per node, shared by all its samples. */
interface StackView {
  where: string;
  area: string;
  owner: string;
  areas: string[];
  functions: string[];
}

const nodeAreas = new Set(['node internals', '(program)', '(garbage collector)', '(root)']);

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
  window: SampleWindow | null = null,
): ProfileSummary {
  const selfMs = new Map<string, number>();
  const areaMs = new Map<string, number>();
  const ownerMs = new Map<string, number>();
  const inclusiveAreaMs = new Map<string, number>();
  const inclusiveMs = new Map<string, number>();
  const add = (costs: Map<string, number>, key: string, ms: number) =>
    costs.set(key, (costs.get(key) ?? 0) + ms);
  let totalMs = 0;
  let idleMs = 0;
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const views = new Map<number, StackView>();
    const viewOf = (id: number): StackView => {
      const known = views.get(id);
      if (known) return known;
      const frame = byId.get(id)!.callFrame;
      const file = bundle && frame.url.endsWith(bundle.url) ? bundle.fileOf(frame.lineNumber) : null;
      const where = `${frame.functionName || '(anonymous)'} (${file ?? shortUrl(frame.url)}:${frame.lineNumber + 1})`;
      const area = areaOf(frame.functionName, frame.url, file);
      const parentId = parentOf.get(id);
      const parent = parentId === undefined ? null : viewOf(parentId);
      const own = !nodeAreas.has(area);
      const view: StackView = {
        where,
        area,
        owner: own ? area : (parent?.owner ?? area),
        areas: parent && parent.areas.includes(area) ? parent.areas : [...(parent?.areas ?? []), area],
        functions:
          !own || (parent && parent.functions.includes(where))
            ? (parent?.functions ?? [])
            : [...(parent?.functions ?? []), where],
      };
      views.set(id, view);
      return view;
    };
    let atUs = profile.startTime;
    profile.samples.forEach((id, i) => {
      const deltaUs = profile.timeDeltas[i] ?? 0;
      atUs += deltaUs;
      if (window && (atUs < window.fromUs || atUs > window.toUs)) return;
      const ms = deltaUs / 1000;
      const node = byId.get(id);
      if (!node) return;
      totalMs += ms;
      if (node.callFrame.functionName === '(idle)') {
        idleMs += ms;
        return;
      }
      const view = viewOf(id);
      add(selfMs, view.where, ms);
      add(areaMs, view.area, ms);
      add(ownerMs, view.owner, ms);
      for (const area of view.areas) if (area !== '(root)') add(inclusiveAreaMs, area, ms);
      for (const where of view.functions) add(inclusiveMs, where, ms);
    });
  }
  const busyMs = totalMs - idleMs;
  const ranked = (costs: Map<string, number>, count: number) =>
    [...costs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([where, ms]) => ({ where, selfMs: ms, share: busyMs > 0 ? ms / busyMs : 0 }));
  return {
    totalMs,
    idleMs,
    top: ranked(selfMs, topCount),
    areas: ranked(areaMs, 25),
    owners: ranked(ownerMs, 25),
    inclusiveAreas: ranked(inclusiveAreaMs, 25),
    inclusiveTop: ranked(inclusiveMs, topCount),
  };
}
