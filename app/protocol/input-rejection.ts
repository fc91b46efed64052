/**
 * The event a core emits when it refuses an input whole (a tick without a usable time, a malformed peer
 * message, a malformed client request) before any state changes.
 */
import type { NodeId } from '../paxos/types';
import type { InputProblem } from '../paxos/validate';

export interface InputRejectedEvent {
  type: 'inputRejected';
  field: string;
  reason: string;
  peer?: NodeId;
}

/** The refusal of a client request that failed validation. */
export function requestRejected(problem: InputProblem): InputRejectedEvent {
  return { type: 'inputRejected', field: problem.field, reason: problem.reason };
}

/** The refusal of a peer message that failed validation, naming its sender when that can be read. */
export function messageRejected(message: unknown, problem: InputProblem): InputRejectedEvent {
  const sender = (message as { from?: unknown } | null | undefined)?.from;
  const from = typeof sender === 'string' ? sender : undefined;
  return { type: 'inputRejected', field: problem.field, reason: problem.reason, peer: from };
}

/** The refusal of a tick whose time is not a number, or null when the tick can be taken. */
export function tickRejected(nowMs: unknown): InputRejectedEvent | null {
  if (typeof nowMs === 'number' && !Number.isNaN(nowMs)) return null;
  return { type: 'inputRejected', field: 'nowMs', reason: 'must be a number' };
}
