/**
 * How a failed structure operation ends on the wire (the table in structures.proto): a gRPC status
 * whose message names the field and the limit, with paxoscope-* trailing metadata.
 */
import { status } from '@grpc/grpc-js';
import { CorruptValueError } from '../../../app/kv/structures/structure-value';
import { kvErrorMetadataKey } from '../../../app/proto/kv-status';
import { FieldError } from '../../../app/util/field-error';
import { RequestIdReusedError, StructureGaveUpError } from '../../kit/structures/cas-loop';
import { wireField } from './structure-request';

export const structureMetadataKey = { ...kvErrorMetadataKey, requestId: 'paxoscope-request-id' } as const;

export interface StructureFailure {
  code: status;
  details: string;
  metadata: Record<string, string>;
}

/**
 * The status for `error`, or null when it is not one of the operation's own failures (a bug: the
 * caller answers INTERNAL). `opField` is the request's operation field ('' before it was read).
 */
export function structureFailure(
  error: unknown,
  opField: string,
  requestId: string,
): StructureFailure | null {
  const meta = (code: string, definite: boolean | undefined, field?: string) => ({
    [structureMetadataKey.code]: code,
    ...(definite === undefined ? {} : { [structureMetadataKey.definite]: String(definite) }),
    [structureMetadataKey.requestId]: requestId,
    ...(field === undefined ? {} : { [structureMetadataKey.field]: field }),
  });
  if (error instanceof FieldError) {
    const field = opField === '' ? error.field : wireField(opField, error.field);
    const renamed = new FieldError(field, error.reason, error.limit);
    return { code: status.INVALID_ARGUMENT, details: renamed.message, metadata: meta('FIELD', true, field) };
  }
  if (error instanceof RequestIdReusedError) {
    const field = 'request_id';
    return {
      code: status.INVALID_ARGUMENT,
      details: `${field}: ${error.message}`,
      metadata: meta('REQUEST_ID_REUSED', true, field),
    };
  }
  if (error instanceof StructureGaveUpError) {
    return { code: status.ABORTED, details: error.message, metadata: meta('GAVE_UP', !error.inDoubt) };
  }
  if (error instanceof CorruptValueError) {
    return {
      code: status.FAILED_PRECONDITION,
      details: error.message,
      // Found while evaluating: whether an earlier attempt applied is not known here.
      metadata: meta('CORRUPT_VALUE', undefined),
    };
  }
  return null;
}
