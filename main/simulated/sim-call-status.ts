/**
 * How a simulated node's gRPC call fails, as an agent's would: a bad argument is INVALID_ARGUMENT naming
 * the field (details and the "paxoscope-field" trailer), a refused request the status the agent sends
 * for it, anything else INTERNAL.
 */
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { controlFieldMetadataKey } from '../../app/proto/control-metadata';
import { FieldError } from '../../app/util/field-error';

/** A call that ends with a ready-made status (a refused KV request, a message not held, a node down). */
export class CallStatusError extends Error {
  constructor(readonly status: Partial<StatusObject> & { code: status }) {
    super(status.details);
    this.name = 'CallStatusError';
  }
}

export function failureStatus(error: unknown): Partial<StatusObject> {
  if (error instanceof CallStatusError) return error.status;
  if (error instanceof FieldError) {
    const metadata = new Metadata();
    metadata.set(controlFieldMetadataKey, error.field);
    return { code: status.INVALID_ARGUMENT, details: error.message, metadata };
  }
  return { code: status.INTERNAL, details: error instanceof Error ? error.message : String(error) };
}
