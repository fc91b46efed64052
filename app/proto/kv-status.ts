/**
 * KvService's error and reply-path mapping (documented in kv.proto), kept free of @grpc/grpc-js so
 * that the agent, the console and a browser share one table. gRPC status codes are fixed by the gRPC
 * spec, so the numbers below are stable.
 */
import type { ClientErrorCode, FailedReply, ReplyPath } from '../kv/operations';
import { ReplyPath as WireReplyPath } from './generated/kv';

export const grpcStatusCode = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;

export type GrpcStatusCode = (typeof grpcStatusCode)[keyof typeof grpcStatusCode];

const statusByClientError: Record<ClientErrorCode, GrpcStatusCode> = {
  INVALID_ARGUMENT: grpcStatusCode.INVALID_ARGUMENT,
  UNAVAILABLE: grpcStatusCode.UNAVAILABLE,
  PREEMPTED: grpcStatusCode.ABORTED,
  VERSION_CONFLICT: grpcStatusCode.ABORTED,
  NOT_REPLICA: grpcStatusCode.FAILED_PRECONDITION,
  LEARNER_ONLY: grpcStatusCode.FAILED_PRECONDITION,
  BUSY: grpcStatusCode.RESOURCE_EXHAUSTED,
  INDETERMINATE: grpcStatusCode.ABORTED,
};

/** Trailing-metadata keys that carry what a status code alone cannot. */
export const kvErrorMetadataKey = {
  code: 'paxoscope-code',
  field: 'paxoscope-field',
  definite: 'paxoscope-definite',
  currentVersion: 'paxoscope-current-version',
  replicas: 'paxoscope-replicas',
} as const;

/** A failed ClientReply in the form a gRPC server sends it. */
export interface KvErrorStatus {
  code: GrpcStatusCode;
  details: string;
  metadata: Record<string, string>;
}

export function kvErrorStatus(reply: FailedReply): KvErrorStatus {
  const metadata: Record<string, string> = {
    [kvErrorMetadataKey.code]: reply.code,
    [kvErrorMetadataKey.definite]: String(reply.definite),
  };
  if (reply.field !== undefined) metadata[kvErrorMetadataKey.field] = reply.field;
  if (reply.currentVersion !== undefined) {
    metadata[kvErrorMetadataKey.currentVersion] = String(reply.currentVersion);
  }
  if (reply.replicas !== undefined) metadata[kvErrorMetadataKey.replicas] = reply.replicas.join(',');
  return { code: statusByClientError[reply.code], details: reply.message, metadata };
}

const wirePathByReplyPath: Record<ReplyPath, WireReplyPath> = {
  fast: WireReplyPath.REPLY_PATH_FAST,
  prepare: WireReplyPath.REPLY_PATH_PREPARE,
  local: WireReplyPath.REPLY_PATH_LOCAL,
  'catch-up': WireReplyPath.REPLY_PATH_CATCH_UP,
  redo: WireReplyPath.REPLY_PATH_REDO,
  dedup: WireReplyPath.REPLY_PATH_DEDUP,
  quorum: WireReplyPath.REPLY_PATH_QUORUM,
  leader: WireReplyPath.REPLY_PATH_LEADER,
};

export function replyPathToWire(path: ReplyPath): WireReplyPath {
  return wirePathByReplyPath[path];
}

/** The core's name for a wire path; null for UNSPECIFIED or a value this version does not know. */
export function replyPathFromWire(path: WireReplyPath): ReplyPath | null {
  for (const [name, wire] of Object.entries(wirePathByReplyPath)) {
    if (wire === path) return name as ReplyPath;
  }
  return null;
}
