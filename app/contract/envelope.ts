/**
 * The messages that carry the contract: a command reply (used by IPC and WebSocket alike), the WebSocket
 * request and response envelopes, and the event message. Both bridges validate with these.
 */
import { z } from 'zod';
import { contractErrorFromZod, contractErrorSchema, ContractFailure, type ContractError } from './errors';
import type { CommandName, CommandOutput, EventName, EventPayload } from './console-contract';

/** The largest WebSocket message the bridge accepts (a trace import plus JSON escaping). */
export const wsMessageBytesMax = 96 * 1024 * 1024;

export type CommandReply<T> = { ok: true; output: T } | { ok: false; error: ContractError };

export const wsRequestSchema = z.strictObject({
  /** Chosen by the client; echoed in the response. */
  id: z.union([z.string().min(1).max(64), z.number().int().min(0)]),
  command: z.string().min(1).max(64),
  input: z.unknown(),
});
export type WsRequest = z.infer<typeof wsRequestSchema>;

export const wsResponseSchema = z.union([
  z.strictObject({
    id: z.union([z.string(), z.number(), z.null()]),
    ok: z.literal(true),
    output: z.unknown(),
  }),
  z.strictObject({
    id: z.union([z.string(), z.number(), z.null()]),
    ok: z.literal(false),
    error: contractErrorSchema,
  }),
]);
export type WsResponse = z.infer<typeof wsResponseSchema>;

export const eventMessageSchema = z.strictObject({
  event: z.string().min(1).max(64),
  /** Numbers the events of one name from 1; for stateDelta it is the delta's own seq. */
  seq: z.number().int().min(1),
  payload: z.unknown(),
});

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  seq: number;
  payload: EventPayload<E>;
}

/** Parses a WebSocket request; an invalid one becomes an INVALID_MESSAGE error naming the field. */
export function parseWsRequest(input: unknown): WsRequest {
  const parsed = wsRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ContractFailure({ ...contractErrorFromZod(parsed.error), code: 'INVALID_MESSAGE' });
}

/** The reply a caller sees for a command: the output or the contract error. */
export type ReplyOf<N extends CommandName> = CommandReply<CommandOutput<N>>;

/** Returns the output of a reply or throws its error as a ContractFailure. */
export function unwrapReply<T>(reply: CommandReply<T>): T {
  if (reply.ok) return reply.output;
  throw new ContractFailure(reply.error);
}
