/** What the closed loop needs from a store, so that both systems run the very same loop. */

/** How a write was decided: our agents report their reply path; etcd has no such notion ('n/a'). */
export type WritePath = 'fast' | 'prepare' | 'dedup' | 'n/a';

export interface StoreClient {
  /** "paxos" or "etcd", as the table prints it. */
  readonly system: string;
  /** A linearizable read; resolves whether the key was found. */
  get(key: string): Promise<boolean>;
  put(key: string, value: Uint8Array): Promise<WritePath>;
  close(): void;
}
