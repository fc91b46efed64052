/**
 * The simulated cluster's clock: while running, simulated time follows wall time times the pace (the
 * console's protocol pace, 1 = real time); paused, it stands still and only steps move it. Hold mode
 * stops it as it stops the agents' timers. Whole milliseconds only; the rest carries over.
 */
import type { SimulatedCluster } from './simulated-cluster';

/** How often the clock moves simulated time while running, in wall ms. */
export const clockTickMs = 25;
/** At most this much simulated time per tick, so a slow step never makes the clock race to catch up. */
const advanceMsMax = 250;

export class SimClock {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastWallMs = 0;
  /** Simulated ms owed but not yet run (fractions of a ms). */
  private owedMs = 0;
  private paceRate = 1;

  constructor(
    private readonly cluster: SimulatedCluster,
    /** Called after the clock moved time (the console refreshes what it shows). */
    private readonly onAdvance: () => void = () => {},
    private readonly wallNowMs: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  get pace(): number {
    return this.paceRate;
  }

  /** The rate simulated time runs at now: 0 while paused or holding. */
  get rateInForce(): number {
    return this.running && !this.cluster.holding ? this.paceRate : 0;
  }

  setPace(rate: number): void {
    this.paceRate = rate;
  }

  run(): void {
    if (this.timer) return;
    this.lastWallMs = this.wallNowMs();
    this.owedMs = 0;
    this.timer = setInterval(() => this.tick(), clockTickMs);
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const nowMs = this.wallNowMs();
    this.owedMs = Math.min(this.owedMs + (nowMs - this.lastWallMs) * this.rateInForce, advanceMsMax);
    this.lastWallMs = nowMs;
    const wholeMs = Math.floor(this.owedMs);
    if (wholeMs < 1) return;
    this.owedMs -= wholeMs;
    this.cluster.advanceBy(wholeMs);
    this.onAdvance();
  }
}
