/** A StoreClient test double for the closed loop and the cell runner: a Map answering on the next macrotask. */
import type { StoreClient, WritePath } from '../../../bench/store/store-client';

/** An in-memory store answering on the next macrotask, which records what the loop asked of it. */
export class MemoryStore implements StoreClient {
  constructor(readonly system = 'memory') {}

  readonly values = new Map<string, Uint8Array>();
  inFlight = 0;
  inFlightMax = 0;
  reads = 0;
  writes = 0;
  /** Puts of these keys fail this many more times. */
  readonly failPuts = new Map<string, number>();

  async get(key: string): Promise<boolean> {
    this.reads += 1;
    return this.answer(() => this.values.has(key));
  }

  async put(key: string, value: Uint8Array): Promise<WritePath> {
    this.writes += 1;
    return this.answer(() => {
      const failures = this.failPuts.get(key) ?? 0;
      if (failures > 0) {
        this.failPuts.set(key, failures - 1);
        throw new Error(`put ${key} refused`);
      }
      this.values.set(key, Uint8Array.from(value));
      return key.endsWith('0') ? 'prepare' : 'fast';
    });
  }

  close(): void {}

  private async answer<T>(result: () => T): Promise<T> {
    this.inFlight += 1;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    return result();
  }
}
