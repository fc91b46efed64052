/**
 * Wraps one ControlService handler: the token check first, then the handler, then its failure turned
 * into the status a caller can act on (INVALID_ARGUMENT naming the field, NOT_FOUND, else INTERNAL).
 */
import { status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { FaultModelError } from '../../../app/model/fault-model';
import type { TokenCheck } from './control-auth';
import { ControlArgumentError, invalidArgument, type ControlError } from './control-errors';

/** A lookup by id that found nothing (for example releasing a message that is not held). */
export class ControlNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlNotFoundError';
  }
}

export function toControlError(error: unknown): ControlError {
  if (error instanceof FaultModelError || error instanceof ControlArgumentError)
    return invalidArgument(error);
  if (error instanceof ControlNotFoundError) return { code: status.NOT_FOUND, details: error.message };
  return { code: status.INTERNAL, details: error instanceof Error ? error.message : String(error) };
}

export function unaryHandler<Request, Response>(
  check: TokenCheck,
  handle: (request: Request) => Response | Promise<Response>,
) {
  return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>): void => {
    const refusal = check.refusal(call.metadata);
    if (refusal) {
      callback(refusal);
      return;
    }
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toControlError(error)),
      );
  };
}
