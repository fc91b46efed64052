/**
 * A checking write load: one sequential writer per key writes v1, v2, … (each with its own request
 * id, retried across roles by ClusterKvClient) and, after every acknowledged write, reads the key
 * through a randomly chosen agent. A read must never show a value older than the last acknowledged
 * write (no stale read), and acknowledged versions must only grow.
 */
import { KvCallError, type ClusterKvClient } from '../../node-agent/kit/client/kv-client';
import { bytes, textOf } from './kv-expect';

export interface KeyHistory {
  key: string;
  /** Highest n whose write "v<n>" was acknowledged, and the version it was acknowledged with. */
  lastAcked: { n: number; version: number } | null;
  /** Every n attempted (acknowledged or not): a failed write may still have been chosen. */
  attempted: number;
  acked: number;
  failedWrites: number;
  reads: number;
  failedReads: number;
  /** Consistency violations seen; the tests expect none. */
  violations: string[];
}

export function valueNumber(value: Uint8Array | null): number {
  const match = /^v(\d+)$/.exec(textOf(value));
  if (!match) throw new Error(`unexpected value "${textOf(value)}"`);
  return Number(match[1]);
}

export class WriteLoad {
  readonly histories: KeyHistory[];
  private running = true;
  private readonly done: Promise<void>;
  private ackWaiters: { target: number; resolve: () => void }[] = [];

  constructor(
    private readonly kv: ClusterKvClient,
    keys: string[],
    /** Agents reads go through, picked at random after each write. */
    private readonly readers: () => string[],
  ) {
    this.histories = keys.map((key) => ({
      key,
      lastAcked: null,
      attempted: 0,
      acked: 0,
      failedWrites: 0,
      reads: 0,
      failedReads: 0,
      violations: [],
    }));
    this.done = Promise.all(this.histories.map((history) => this.writeLoop(history))).then(() => undefined);
  }

  get totalAcked(): number {
    return this.histories.reduce((sum, history) => sum + history.acked, 0);
  }

  /** Resolves once `count` more writes have been acknowledged; rejects after timeoutMs. */
  moreAcks(count: number, timeoutMs: number): Promise<void> {
    const target = this.totalAcked + count;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`load made no progress to ${target} acks in ${timeoutMs} ms: ${this.summary()}`)),
        timeoutMs,
      );
      this.ackWaiters.push({ target, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  summary(): string {
    return this.histories
      .map(
        (h) =>
          `${h.key}: ${h.acked} acked, ${h.failedWrites} failed, ${h.reads} reads (${h.failedReads} failed)`,
      )
      .join('; ');
  }

  private async writeLoop(history: KeyHistory): Promise<void> {
    while (this.running) {
      const n = (history.attempted += 1);
      try {
        const put = { kind: 'put', key: history.key, value: bytes(`v${n}`) } as const;
        const { reply } = await this.kv.run(put, { requestId: `${history.key}-v${n}` });
        const version = reply.version;
        if (history.lastAcked && version <= history.lastAcked.version) {
          history.violations.push(`v${n} acked with version ${version} <= ${history.lastAcked.version}`);
        }
        history.lastAcked = { n, version };
        history.acked += 1;
        this.notifyAck();
      } catch (error) {
        if (!(error instanceof KvCallError)) throw error;
        history.failedWrites += 1;
      }
      await this.checkRead(history);
    }
  }

  private async checkRead(history: KeyHistory): Promise<void> {
    const readers = this.readers();
    const reader = readers[Math.floor(Math.random() * readers.length)]!;
    try {
      const { value } = await this.kv.callNode(reader, { kind: 'get', key: history.key });
      history.reads += 1;
      const seen = value === null ? 0 : valueNumber(value);
      const ackedN = history.lastAcked?.n ?? 0;
      if (seen < ackedN)
        history.violations.push(`stale read through ${reader}: v${seen} after v${ackedN} was acked`);
      if (seen > history.attempted) history.violations.push(`read v${seen} through ${reader}: never written`);
    } catch {
      history.failedReads += 1;
    }
  }

  private notifyAck(): void {
    const total = this.totalAcked;
    this.ackWaiters = this.ackWaiters.filter((waiter) => {
      if (total < waiter.target) return true;
      waiter.resolve();
      return false;
    });
  }
}
