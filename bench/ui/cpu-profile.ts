/**
 * `--profile-seconds N`: samples the renderer's main thread with Chromium's CDP Profiler while events
 * stream, and prints the functions that took the most self time, to show where a frame's time goes.
 */
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

export async function profileHotFunctions(
  page: Page,
  cdp: CDPSession,
  seconds: number,
  top = 20,
): Promise<HotFunction[]> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(seconds * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return hotFunctions(profile.nodes, profile.samples ?? [], profile.timeDeltas ?? [], top);
}

/** Self time per function (summed over every call site), largest first. */
export function hotFunctions(
  nodes: readonly ProfileNode[],
  samples: readonly number[],
  timeDeltasUs: readonly number[],
  top: number,
): HotFunction[] {
  const byNode = new Map(nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const us = timeDeltasUs[i + 1] ?? 0;
    totalUs += us;
    const where = frame.url ? `${frame.url.split('/').at(-1)}:${frame.lineNumber + 1}` : '(native)';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const entry = selfUs.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((entry) => ({
      name: entry.name,
      where: entry.where,
      selfMs: entry.us / 1000,
      share: entry.us / Math.max(totalUs, 1),
    }));
}

export function printHotFunctions(functions: readonly HotFunction[], seconds: number): void {
  process.stdout.write(`Hottest functions over ${seconds} s (self time):\n`);
  for (const hot of functions) {
    const share = `${(hot.share * 100).toFixed(1).padStart(5)}%`;
    process.stdout.write(`  ${share}  ${hot.selfMs.toFixed(0).padStart(6)} ms  ${hot.name}  ${hot.where}\n`);
  }
}
