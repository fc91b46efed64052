/** What the benchmark reads from the page and from Chromium: frames, heap, busy time, dots, events ingested. */
import type { CDPSession, Page } from 'playwright-core';

export interface FrameStats {
  fps: number;
  slowestMs: number;
  p99Ms: number;
  frames: number;
}

/** Frame pacing as a person sees it, measured with requestAnimationFrame inside the page. */
export async function measureFrames(page: Page, durationMs: number): Promise<FrameStats> {
  // Sent as text: tsx would wrap a function's inner names in a helper the page does not have.
  const gaps = await page.evaluate<number[]>(`new Promise((resolve) => {
    const intervals = [];
    const start = performance.now();
    let last = start;
    function frame(now) {
      intervals.push(now - last);
      last = now;
      if (now - start < ${Math.round(durationMs)}) requestAnimationFrame(frame);
      else resolve(intervals);
    }
    requestAnimationFrame(frame);
  })`);
  const sorted = [...gaps].sort((a, b) => a - b);
  const totalMs = gaps.reduce((sum, gap) => sum + gap, 0);
  return {
    fps: (gaps.length * 1000) / Math.max(totalMs, 1),
    slowestMs: sorted.at(-1) ?? 0,
    p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    frames: gaps.length,
  };
}

/** The JS heap in MB after a full garbage collection, so only what is really kept counts. */
export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize / 1024 / 1024;
}

/** Seconds of main-thread work Chromium has done so far (scripts, style, layout, paint). */
export async function mainThreadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
}

export interface PageFigures {
  /** Dots the message layer is animating. */
  inFlight: number;
  /** Events the renderer has ingested (the scrubber's newest ordinal). */
  ingested: number;
  connection: string;
}

export function pageFigures(page: Page): Promise<PageFigures> {
  return page.evaluate(`({
    inFlight: Number(document.querySelector('canvas.message-layer')?.getAttribute('data-flights') ?? 0),
    ingested: Number(document.querySelector('[data-ingested]')?.getAttribute('data-ingested') ?? 0),
    connection: document.querySelector('[data-connection]')?.getAttribute('data-connection') ?? '?',
  })`);
}
