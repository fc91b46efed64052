/**
 * The key-value store's operation vocabulary: what a client asks of a replica and what it hears back,
 * the same from the console's form to the core's step(). Every protocol serves exactly these, so
 * nothing here names a protocol's internals; a client sees versions, entry indexes, how a request
 * completed (its path), its request id and the failure codes. Values are bytes in the core and the
 * clients and text at the console contract, where JSON carries them: the shapes take the value type.
 */

export const kvOperationKinds = ['get', 'put', 'delete', 'cas'] as const;
export type KvOperationKind = (typeof kvOperationKinds)[number];

/** Reads the key's latest chosen value (never a stale one). */
export interface KvGet {
  kind: 'get';
  key: string;
}

/** Writes `value` under the key; its version grows by one. */
export interface KvPut<Value = Uint8Array> {
  kind: 'put';
  key: string;
  value: Value;
}

/** Deletes the key; its version grows by one, and a later get finds nothing. */
export interface KvDelete {
  kind: 'delete';
  key: string;
}

/** Compare-and-set: writes `value` only while the key is at `expectedVersion` (0: it must not exist). */
export interface KvCas<Value = Uint8Array> {
  kind: 'cas';
  key: string;
  value: Value;
  expectedVersion: number;
}

export type KvOperation<Value = Uint8Array> = KvGet | KvPut<Value> | KvDelete | KvCas<Value>;
export type KvWrite<Value = Uint8Array> = Exclude<KvOperation<Value>, KvGet>;

/** The operation of `kind` on `key`; `value` and `expectedVersion` go to the kinds that take them. */
export function kvOperation<Value>(
  kind: KvOperationKind,
  key: string,
  value: Value,
  expectedVersion: number,
): KvOperation<Value> {
  switch (kind) {
    case 'get':
    case 'delete':
      return { kind, key };
    case 'put':
      return { kind, key, value };
    case 'cas':
      return { kind, key, value, expectedVersion };
  }
}

/** The same operation with its value converted: text to bytes where JSON handed it over, say. */
export function mapValue<From, To>(
  operation: KvOperation<From>,
  convert: (value: From) => To,
): KvOperation<To> {
  switch (operation.kind) {
    case 'get':
    case 'delete':
      return operation;
    case 'put':
      return { kind: 'put', key: operation.key, value: convert(operation.value) };
    case 'cas': {
      const { key, expectedVersion } = operation;
      return { kind: 'cas', key, value: convert(operation.value), expectedVersion };
    }
  }
}

/** One operation as a replica receives it. */
export interface ClientRequest<Value = Uint8Array> {
  /**
   * Chosen by the client; a retry with the same id is applied at most once (docs/exactly-once.md):
   * while the original is among the key's last dedupWindow writes the retry is answered `dedup`.
   * On the wire a write may leave it empty for the agent to choose (a retry is then a new write).
   */
  requestId: string;
  operation: KvOperation<Value>;
  /**
   * The caller's deadline, on the clock of whoever holds the request: Unix ms from a client and on
   * the wire, the core's own clock inside a core (the agent converts). No round starts for the
   * request from then on. Absent: the receiver's request timeout from now.
   */
  deadlineMs?: number;
}

export const replyPaths = [
  'fast',
  'prepare',
  'local',
  'catch-up',
  'redo',
  'dedup',
  'quorum',
  'leader',
] as const;
/**
 * How an operation completed, for the console. PaxosKV: one fast round, a prepare round, a local read,
 * a read after catching up or after finishing a pending entry (redo), or a retry answered with its
 * original's outcome (dedup). QuorumKV: W replicas stored the write, or R replicas were read (quorum).
 * Multi-Paxos: the read or write took a slot of the leader's log (leader).
 */
export type ReplyPath = (typeof replyPaths)[number];

export const clientErrorCodes = [
  /** Malformed input; `field` names what was wrong. */
  'INVALID_ARGUMENT',
  /** No quorum answered before the request's deadline. */
  'UNAVAILABLE',
  /** Competing proposals won every round this request was allowed. */
  'PREEMPTED',
  /** A compare-and-set found another version. */
  'VERSION_CONFLICT',
  /** This node does not hold the key; `replicas` says who does. */
  'NOT_REPLICA',
  /** This node lost its disk and may not vote or serve until it has relearned. */
  'LEARNER_ONLY',
  /** The node is shutting down or the request queue is full. */
  'BUSY',
  /**
   * A retried write whose earlier attempts cannot be ruled in or out: the key moved more than the
   * dedup window past the point where the request arrived. Never answered with definite true.
   */
  'INDETERMINATE',
] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

/** The operation took effect (a write) or was served (a get). */
export interface OkReply<Value = Uint8Array> {
  requestId: string;
  ok: true;
  /** The key's version after the operation (for get: the version read). */
  version: number;
  /** For get: the value, or null when the key does not exist or was deleted. Null for writes. */
  value: Value | null;
  /** The entry index the write was chosen at, or the index a read was served from. */
  index: number;
  path: ReplyPath;
}

export interface FailedReply {
  requestId: string;
  ok: false;
  code: ClientErrorCode;
  message: string;
  field?: string;
  replicas?: string[];
  /** For VERSION_CONFLICT: the version found. */
  currentVersion?: number;
  /**
   * True only when no attempt of this request id, here or on any other node, can still take
   * effect: bad input, or a compare-and-set whose expected version the key has already passed.
   * False for every timeout, preemption or refusal of a write, since another attempt of the same
   * id may be queued elsewhere or sit accepted at a pending index.
   */
  definite: boolean;
}

export type ClientReply<Value = Uint8Array> = OkReply<Value> | FailedReply;
