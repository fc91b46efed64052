/** ControlService's error answers: INVALID_ARGUMENT naming the field (details and trailing metadata). */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { controlFieldMetadataKey } from '../../../app/proto/control-metadata';
import { FieldError } from '../../../app/util/field-error';

export type ControlError = Partial<ServiceError> & { code: status; details: string };

/** The details read "field: reason" with the limit ("rule.jitterMs: must be at most 60000 ms"). */
export function invalidArgument(error: FieldError): ControlError {
  const metadata = new Metadata();
  metadata.set(controlFieldMetadataKey, error.field);
  return { code: status.INVALID_ARGUMENT, details: error.message, metadata };
}

/** Parses a JSON document from a request field; a syntax error names that field. */
export function parseJsonField(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ControlArgumentError(field, `is not valid JSON (${(error as Error).message})`);
  }
}

/** A bad request argument, turned into INVALID_ARGUMENT by the handler wrapper. */
export class ControlArgumentError extends FieldError {
  override name = 'ControlArgumentError';
}
