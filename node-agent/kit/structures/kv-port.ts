/**
 * The two calls the data structures make of the store, and their cluster implementation over
 * ClusterKvClient (each call placed on the key's replicas, tried in role order). Failures become
 * StoreFailure, saying whether the call can still take effect (`definite`), so the compare-and-set
 * loop knows when an attempt is in doubt.
 */
import type { KvOperation, ReplyPath } from '../../../app/kv/operations';
import type { KeyState } from '../../../app/kv/structures/decision';
import type { NodeId } from '../../../app/paxos/types';
import { FieldError } from '../../../app/util/field-error';
import { KvCallError, type KvOutcome, type KvRunOptions } from '../client/kv-client';

export type CasAnswer =
  /** This attempt wrote the value; the key is now at `version`, chosen at PaxosLog entry `index`. */
  | { kind: 'applied'; version: number; index?: number; path: ReplyPath; servedBy: string }
  /** An earlier attempt with the same request id was applied and produced `version` (at `index`). */
  | { kind: 'dedup'; version: number; index?: number; servedBy: string }
  /** The key is no longer at the expected version: this attempt can never apply. */
  | { kind: 'conflict'; currentVersion: number };

export interface KvPort {
  read(key: string): Promise<KeyState>;
  compareAndSet(
    key: string,
    expectedVersion: number,
    value: Uint8Array,
    requestId: string,
  ): Promise<CasAnswer>;
}

/** A call that failed. */
export class StoreFailure extends Error {
  override name = 'StoreFailure';

  constructor(
    message: string,
    /** The core's or gRPC's code of the last attempt. */
    readonly code: string,
    /** True when the call cannot take effect any more (always for reads, which write nothing). */
    readonly definite: boolean,
  ) {
    super(message);
  }
}

/** What the cluster port needs of a ClusterKvClient. */
export interface KvRunner {
  run(operation: KvOperation, options?: KvRunOptions): Promise<KvOutcome>;
}

/** The store through a cluster client; `targets` narrows who is asked (the CLI's --node). */
export function clusterPort(client: KvRunner, targets?: readonly NodeId[]): KvPort {
  const run = async (operation: KvOperation, requestId?: string): Promise<KvOutcome> => {
    try {
      return await client.run(operation, { requestId, targets });
    } catch (error) {
      throw error instanceof KvCallError ? failureOf(error, operation.kind === 'get') : error;
    }
  };
  return {
    async read(key) {
      const { reply } = await run({ kind: 'get', key });
      return { version: reply.version, value: reply.value };
    },
    async compareAndSet(key, expectedVersion, value, requestId) {
      try {
        const { reply } = await run({ kind: 'cas', key, value, expectedVersion }, requestId);
        const { version, index, servedBy } = reply;
        if (reply.path === 'dedup') return { kind: 'dedup', version, index, servedBy };
        return { kind: 'applied', version, index, path: reply.path, servedBy };
      } catch (error) {
        if (error instanceof ConflictFound) return { kind: 'conflict', currentVersion: error.currentVersion };
        throw error;
      }
    },
  };
}

/** A definite version conflict, turned into an answer by compareAndSet. */
class ConflictFound extends Error {
  constructor(readonly currentVersion: number) {
    super('version conflict');
  }
}

function failureOf(error: KvCallError, isRead: boolean): Error {
  const failure = error.last.failure;
  if (failure.coreCode === 'VERSION_CONFLICT' && failure.definite === true) {
    return new ConflictFound(failure.currentVersion ?? 0);
  }
  if (failure.coreCode === 'INVALID_ARGUMENT') {
    return new FieldError(failure.field ?? 'value', `the store refused it: ${failure.message}`);
  }
  const code = failure.coreCode ?? `gRPC ${failure.grpcCode}`;
  return new StoreFailure(error.message, code, isRead || failure.definite === true);
}
