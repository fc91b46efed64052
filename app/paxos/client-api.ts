/** What a client asks of a replica and what it hears back. */
import type { NodeId } from './types';

/** What a client asks of a replica. */
export type ClientOperation =
  | { kind: 'get'; key: string }
  | { kind: 'put'; key: string; value: Uint8Array }
  | { kind: 'delete'; key: string }
  | { kind: 'cas'; key: string; value: Uint8Array; expectedVersion: number };

export interface ClientRequest {
  /**
   * Chosen by the client; a retry with the same id is applied at most once (docs/exactly-once.md):
   * while the original is among the key's last dedupWindow writes the retry is answered `dedup`.
   */
  requestId: string;
  operation: ClientOperation;
  /**
   * The caller's deadline in the core's clock: no round starts for the request from then on. Absent:
   * the request timeout from now. The shell converts the caller's wall-clock deadline.
   */
  deadlineMs?: number;
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
  | 'BUSY'
  /**
   * A retried write whose earlier attempts cannot be ruled in or out: the key moved more than the
   * dedup window past the point where the request arrived. Never answered with definite true.
   */
  | 'INDETERMINATE';

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
      /** How the operation completed, for the console: 'fast', 'prepare', 'local', 'catch-up', 'redo', 'dedup' (PaxosKV), 'quorum' (QuorumKV). */
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
       * True only when no attempt of this request id, here or on any other node, can still take
       * effect: bad input, or a compare-and-set whose expected version the key has already passed.
       * False for every timeout, preemption or refusal of a write, since another attempt of the same
       * id may be queued elsewhere or sit accepted at a pending index.
       */
      definite: boolean;
    };

export type ReplyPath = 'fast' | 'prepare' | 'local' | 'catch-up' | 'redo' | 'dedup' | 'quorum';
