/** What a client asks of a replica and what it hears back. */
import type { NodeId } from './types';

/** What a client asks of a replica. */
export type ClientOperation =
  | { kind: 'get'; key: string }
  | { kind: 'put'; key: string; value: Uint8Array }
  | { kind: 'delete'; key: string }
  | { kind: 'cas'; key: string; value: Uint8Array; expectedVersion: number };

export interface ClientRequest {
  /** Chosen by the client; a retried request with the same id is applied at most once. */
  requestId: string;
  operation: ClientOperation;
}

export type ClientErrorCode =
  /** Malformed input; `field` names what was wrong. */
  | 'INVALID_ARGUMENT'
  /** No quorum answered before the request's deadline. */
  | 'UNAVAILABLE'
  /** Competing proposals won every round this request was allowed. */
  | 'PREEMPTED'
  /** A compare-and-set found another version. */
  | 'VERSION_CONFLICT'
  /** This node does not hold the key; `replicas` says who does. */
  | 'NOT_REPLICA'
  /** This node lost its disk and may not vote or serve until it has relearned. */
  | 'LEARNER_ONLY'
  /** The node is shutting down or the request queue is full. */
  | 'BUSY';

export type ClientReply =
  | {
      requestId: string;
      ok: true;
      /** The key's version after the operation (for get: the version read). */
      version: number;
      /** For get: the value, or null when the key does not exist or was deleted. */
      value: Uint8Array | null;
      /** The entry index the write was chosen at, or the index a read was served from. */
      index: number;
      /** How the operation completed, for the console: 'fast', 'prepare', 'local', 'catch-up', 'redo', 'dedup'. */
      path: ReplyPath;
    }
  | {
      requestId: string;
      ok: false;
      code: ClientErrorCode;
      message: string;
      field?: string;
      replicas?: NodeId[];
      /** For VERSION_CONFLICT: the version found. */
      currentVersion?: number;
      /**
       * True when the operation certainly did not take effect (bad input, conflict, or its index was
       * chosen with another value); false when it may still be chosen later (a timeout, or rounds
       * exhausted while its value sits accepted at a pending index).
       */
      definite: boolean;
    };

export type ReplyPath = 'fast' | 'prepare' | 'local' | 'catch-up' | 'redo' | 'dedup';
