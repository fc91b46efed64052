import { describe, expect, it } from 'vitest';
import { ReplyPath as WireReplyPath } from '../../../app/proto/generated/kv';
import {
  grpcStatusCode,
  kvErrorStatus,
  replyPathFromWire,
  replyPathToWire,
} from '../../../app/proto/kv-status';
import type { ClientErrorCode, FailedReply, ReplyPath } from '../../../app/kv/operations';

function failure(code: ClientErrorCode, extra: Partial<FailedReply> = {}): FailedReply {
  return { requestId: 'r1', ok: false, code, message: `${code} happened`, definite: true, ...extra };
}

describe('KvService status mapping', () => {
  it.each<[ClientErrorCode, number]>([
    ['INVALID_ARGUMENT', grpcStatusCode.INVALID_ARGUMENT],
    ['UNAVAILABLE', grpcStatusCode.UNAVAILABLE],
    ['PREEMPTED', grpcStatusCode.ABORTED],
    ['VERSION_CONFLICT', grpcStatusCode.ABORTED],
    ['NOT_REPLICA', grpcStatusCode.FAILED_PRECONDITION],
    ['LEARNER_ONLY', grpcStatusCode.FAILED_PRECONDITION],
    ['BUSY', grpcStatusCode.RESOURCE_EXHAUSTED],
  ])('maps %s to gRPC status %i', (code, status) => {
    expect(kvErrorStatus(failure(code)).code).toBe(status);
  });

  it('carries the field, definiteness, current version and replicas in metadata', () => {
    const status = kvErrorStatus(
      failure('VERSION_CONFLICT', { field: 'expectedVersion', currentVersion: 7, replicas: ['n1', 'n4'] }),
    );
    expect(status.details).toBe('VERSION_CONFLICT happened');
    expect(status.metadata).toEqual({
      'paxoscope-code': 'VERSION_CONFLICT',
      'paxoscope-definite': 'true',
      'paxoscope-field': 'expectedVersion',
      'paxoscope-current-version': '7',
      'paxoscope-replicas': 'n1,n4',
    });
  });

  it('round-trips every reply path and refuses an unknown one', () => {
    const paths: ReplyPath[] = ['fast', 'prepare', 'local', 'catch-up', 'redo', 'dedup'];
    for (const path of paths) expect(replyPathFromWire(replyPathToWire(path))).toBe(path);
    expect(replyPathFromWire(WireReplyPath.REPLY_PATH_UNSPECIFIED)).toBeNull();
    expect(replyPathFromWire(WireReplyPath.UNRECOGNIZED)).toBeNull();
  });
});
