/** What the benchmark reads from the page and from Chromium: frames, dots in flight, heap, busy time, events ingested. */
import type { CDPSession, Page } from 'playwright-core';

/** What the page saw in one measuring window: per frame, its gap, the dots in flight and events ingested. */
export interface WindowSamples {
  gapsMs: number[];
  inFlight: number[];
  /** The renderer's newest event ordinal; it restarts low when the page resyncs from a snapshot. */
  ingested: number[];
}

export interface WindowStats {
  fps: number;
  slowestMs: number;
  p99Ms: number;
  frames: number;
  inFlightMin: number;
  inFlightMedian: number;
  /** Events ingested during the windows, counting across resyncs. */
  ingested: number;
  /** Times the page started over from a snapshot (main drops a page that falls 32 MB behind). */
  resyncs: number;
}

/**
 * Frame pacing as a person sees it, measured with requestAnimationFrame inside the page, and the message
 * layer's dot count read at every frame (so the load is the one the frames were drawn under).
 */
export function sampleWindow(page: Page, durationMs: number): Promise<WindowSamples> {
  // Sent as text: tsx would wrap a function's inner names in a helper the page does not have.
  return page.evaluate<WindowSamples>(`new Promise((resolve) => {
    const gapsMs = [];
    const inFlight = [];
    const ingested = [];
    const layer = document.querySelector('canvas.message-layer');
    const range = document.querySelector('[data-ingested]');
    const start = performance.now();
    let last = start;
    function frame(now) {
      gapsMs.push(now - last);
      inFlight.push(Number(layer?.getAttribute('data-flights') ?? 0));
      ingested.push(Number(range?.getAttribute('data-ingested') ?? 0));
      last = now;
      if (now - start < ${Math.round(durationMs)}) requestAnimationFrame(frame);
      else resolve({ gapsMs, inFlight, ingested });
    }
    requestAnimationFrame(frame);
  })`);
}

export function summarise(windows: readonly WindowSamples[]): WindowStats {
  const gaps = windows.flatMap((window) => window.gapsMs);
  const inFlight = windows.flatMap((window) => window.inFlight);
  const sortedGaps = [...gaps].sort((a, b) => a - b);
  const sortedInFlight = [...inFlight].sort((a, b) => a - b);
  const totalMs = gaps.reduce((sum, gap) => sum + gap, 0);
  // Read as one series, so events ingested between two windows (during a heap sample) count too.
  const ordinals = windows.flatMap((window) => window.ingested);
  let ingested = 0;
  let resyncs = 0;
  for (let i = 1; i < ordinals.length; i += 1) {
    const step = ordinals[i]! - ordinals[i - 1]!;
    if (step < 0) resyncs += 1;
    else ingested += step;
  }
  return {
    fps: (gaps.length * 1000) / Math.max(totalMs, 1),
    slowestMs: sortedGaps.at(-1) ?? 0,
    p99Ms: sortedGaps[Math.floor(sortedGaps.length * 0.99)] ?? 0,
    frames: gaps.length,
    inFlightMin: sortedInFlight[0] ?? 0,
    inFlightMedian: sortedInFlight[Math.floor(sortedInFlight.length / 2)] ?? 0,
    ingested,
    resyncs,
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

/** The page's link to main now: open, connecting or reconnecting. */
export function connectionState(page: Page): Promise<string> {
  return page.evaluate(`document.querySelector('[data-connection]')?.getAttribute('data-connection') ?? '?'`);
}
