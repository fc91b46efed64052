/**
 * How a protocol's peer messages and durable records cross a process boundary, for every protocol but
 * PaxosKV (which has its own protobuf messages, app/proto/codec.ts, and its own record layout). The
 * generic envelopes (app/proto/protocol-envelope.ts) carry the protocol's name, the message's envelope
 * fields and a JSON body (app/proto/protocol-body.ts); what the body may hold is the protocol's to say,
 * here. Both directions are checked: nothing the protocol did not describe reaches its core.
 */
import type { z } from 'zod';
import { zodProblem, type FieldProblem } from '../util/field-error';
import type { KeyedRecord, PeerEnvelope } from './protocol';

/** A decoded value, or the first thing wrong with it (its field relative to what was checked). */
export type WireResult<Value> = { ok: true; value: Value } | { ok: false; problem: FieldProblem };

export interface ProtocolWire<Message extends PeerEnvelope, Rec extends KeyedRecord> {
  /**
   * A message rebuilt from its envelope fields (`head`, already checked) and its body as JSON decoded it
   * (bytes as Uint8Array). The problem's field is relative to the body, for example "record.version".
   */
  messageFromBody(head: PeerEnvelope, body: unknown): WireResult<Message>;
  /** A stored record from its JSON body; the shell then applies the core's checkRecord as well. */
  recordFromBody(body: unknown): WireResult<Rec>;
}

/**
 * The usual messageFromBody: the body checked by its type's schema, then by `check`, the protocol's
 * rule tying the body to its envelope (the key a record is filed under, the group a log message is for).
 */
export function messagesFromBodies<Message extends PeerEnvelope>(
  schemas: Record<Message['type'], z.ZodType>,
  check: (head: PeerEnvelope, fields: Record<string, unknown>) => FieldProblem | null,
): ProtocolWire<Message, never>['messageFromBody'] {
  const known = Object.keys(schemas).join(', ');
  return (head, body) => {
    if (!Object.hasOwn(schemas, head.type)) {
      return { ok: false, problem: { field: 'type', reason: `"${head.type}" is not one of ${known}` } };
    }
    const parsed = schemas[head.type as Message['type']].safeParse(body);
    if (!parsed.success) return { ok: false, problem: zodProblem(parsed.error, '', '(body)') };
    const fields = parsed.data as Record<string, unknown>;
    const problem = check(head, fields);
    if (problem) return { ok: false, problem };
    const message = { id: head.id, type: head.type, from: head.from, to: head.to, key: head.key };
    return { ok: true, value: Object.assign(message, fields) as unknown as Message };
  };
}
