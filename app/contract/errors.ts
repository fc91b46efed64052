/**
 * The one error shape every console command answers with, over IPC and WebSocket alike: a machine code,
 * the field at fault, the limit it broke (when there is one) and a sentence for a person.
 */
import { z } from 'zod';
import { FieldError, zodProblem, type FieldProblem } from '../util/field-error';

export const contractErrorCodes = [
  /** The input broke the command's schema; `field` and `limit` say where and how. */
  'INVALID_INPUT',
  /** No command of that name exists. */
  'UNKNOWN_COMMAND',
  /** The WebSocket message was not a valid envelope. */
  'INVALID_MESSAGE',
  /** The command needs a cluster and none is started or attached. */
  'NO_CLUSTER',
  /** The command needs no cluster (start, attach, import) and one is running. */
  'CLUSTER_RUNNING',
  /** No node of that id in the current topology. */
  'UNKNOWN_NODE',
  /** The node is not in a state the action applies to (restart a running node, resume one not paused). */
  'INVALID_STATE',
  /** The action is impossible in this mode (kill an attached agent before it offers a kill RPC). */
  'NOT_SUPPORTED',
  /** An agent failed to start, answer or stop. */
  'AGENT_FAILED',
  /** A trace file line was not a valid cluster event. */
  'INVALID_TRACE',
  /** The client lost its connection to the console before the answer came. */
  'DISCONNECTED',
  /** The WebSocket bridge refused a missing or wrong token. */
  'UNAUTHORIZED',
  /** A bug on the console's side; the message says what. */
  'INTERNAL',
] as const;

export type ContractErrorCode = (typeof contractErrorCodes)[number];

export const contractErrorSchema = z.strictObject({
  code: z.enum(contractErrorCodes),
  /** The input field at fault as a path ("topology.datacenters[0].id"), or "(input)" for the whole. */
  field: z.string(),
  /** The number the field broke (a length, a size in bytes, a count), when there is one. */
  limit: z.number().optional(),
  message: z.string(),
});

export type ContractError = z.infer<typeof contractErrorSchema>;

/** Thrown by the console service and the clients; carries the wire error unchanged. */
export class ContractFailure extends FieldError {
  override name = 'ContractFailure';

  constructor(readonly error: ContractError) {
    super(error.field, error.message, error.limit);
  }
}

/** Builds a failure in one line: `contractFailure('UNKNOWN_NODE', 'nodeId', 'no node "n9"')`. */
export function contractFailure(
  code: ContractErrorCode,
  field: string,
  message: string,
  limit?: number,
): ContractFailure {
  return new ContractFailure(contractError(code, { field, reason: message, limit }));
}

/** A field problem found below the contract (a topology, a fault change), as the command's error. */
export function invalidInput(
  problem: FieldProblem,
  code: ContractErrorCode = 'INVALID_INPUT',
): ContractFailure {
  return new ContractFailure(contractError(code, problem));
}

/** Turns the first zod issue into a contract error naming the field and, for size issues, the limit. */
export function contractErrorFromZod(error: z.ZodError, prefix = ''): ContractError {
  return contractError('INVALID_INPUT', zodProblem(error, prefix, '(input)'));
}

function contractError(code: ContractErrorCode, { field, reason, limit }: FieldProblem): ContractError {
  return limit === undefined ? { code, field, message: reason } : { code, field, limit, message: reason };
}
