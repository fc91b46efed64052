/**
 * KvService's messages and the store's operation vocabulary (app/kv/operations.ts): the one place the
 * two are translated, for the clients and the agent alike. A request travels as the Pipeline's `op`
 * oneof, whose value is also what the unary method of the same name takes; an answer as a
 * GetResponse for a get and a WriteResponse for a write. Failures travel as gRPC statuses
 * (kv-failure.ts). Messages are built field by field: a spread followed by more fields is slow in
 * Node 20's V8, and every request passes through here twice.
 */
import type { ClientRequest, KvOperationKind, OkReply } from '../../../app/kv/operations';
import type { GetResponse, KvRequest, WriteResponse } from '../../../app/proto/generated/kv';
import { replyPathFromWire, replyPathToWire } from '../../../app/proto/kv-status';

/** One request on the wire. */
export type WireRequest = NonNullable<KvRequest['op']>;

/** One answer on the wire. */
export type WireResponse = { $case: 'get'; value: GetResponse } | { $case: 'write'; value: WriteResponse };

/** A reply as a client hears it: what the replica's core answered, and the agent that served it. */
export interface ServedReply extends OkReply {
  /** The agent whose core answered (the one asked, unless it forwarded the request). */
  servedBy: string;
}

/** `request.deadlineMs` is Unix ms (absent: none, sent as 0); an empty request id lets the agent choose. */
export function requestToWire(request: ClientRequest): WireRequest {
  const { operation, requestId } = request;
  const deadlineUnixMs = request.deadlineMs ?? 0;
  switch (operation.kind) {
    case 'get':
      return { $case: 'get', value: { key: operation.key, deadlineUnixMs } };
    case 'put': {
      const { key, value } = operation;
      return { $case: 'put', value: { key, value, requestId, deadlineUnixMs } };
    }
    case 'delete':
      return { $case: 'delete', value: { key: operation.key, requestId, deadlineUnixMs } };
    case 'cas': {
      const { key, value, expectedVersion } = operation;
      return { $case: 'compareAndSet', value: { key, value, expectedVersion, requestId, deadlineUnixMs } };
    }
  }
}

/** The request as sent: a get carries no request id (''), a deadline of 0 is none. */
export function requestFromWire(op: WireRequest): ClientRequest {
  const { deadlineUnixMs } = op.value;
  const request: ClientRequest = { requestId: '', operation: operationFromWire(op) };
  if (op.$case !== 'get') request.requestId = op.value.requestId;
  if (deadlineUnixMs > 0) request.deadlineMs = deadlineUnixMs;
  return request;
}

function operationFromWire(op: WireRequest): ClientRequest['operation'] {
  switch (op.$case) {
    case 'get':
      return { kind: 'get', key: op.value.key };
    case 'put':
      return { kind: 'put', key: op.value.key, value: op.value.value };
    case 'delete':
      return { kind: 'delete', key: op.value.key };
    case 'compareAndSet': {
      const { key, value, expectedVersion } = op.value;
      return { kind: 'cas', key, value, expectedVersion };
    }
  }
}

/** A get's reply as a GetResponse, any write's as a WriteResponse. */
export function replyToWire(kind: KvOperationKind, reply: OkReply, servedBy: string): WireResponse {
  const { version, index } = reply;
  const path = replyPathToWire(reply.path);
  if (kind !== 'get') {
    return { $case: 'write', value: { version, index, path, servedBy, requestId: reply.requestId } };
  }
  const found = reply.value !== null;
  const value = reply.value ?? new Uint8Array();
  return { $case: 'get', value: { found, value, version, index, path, servedBy } };
}

/**
 * The reply an answer carries. A get's request id is '' (the agent's own never travels); a path
 * this version does not know reads as the most common one of its kind.
 */
export function replyFromWire(response: WireResponse): ServedReply {
  const { version, index, servedBy } = response.value;
  if (response.$case === 'write') {
    const path = replyPathFromWire(response.value.path) ?? 'prepare';
    const requestId = response.value.requestId;
    return { requestId, ok: true, version, value: null, index, path, servedBy };
  }
  const path = replyPathFromWire(response.value.path) ?? 'local';
  const value = response.value.found ? response.value.value : null;
  return { requestId: '', ok: true, version, value, index, path, servedBy };
}
