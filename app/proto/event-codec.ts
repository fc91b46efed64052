/**
 * ClusterEvent (app/model/cluster-event.ts) <-> ControlService's ClusterEventMessage. The envelope maps
 * field by field; the type's own fields travel as one JSON object, so the zod schema stays the one
 * definition of every event body. Decoding validates the whole event and throws EventValidationError
 * naming the field, so a console never ingests an event the schema does not allow.
 */
import { EventValidationError, parseClusterEvent, type ClusterEvent } from '../model/cluster-event';
import type { ClusterEventMessage } from './generated/control';

export function clusterEventToWire(event: ClusterEvent): ClusterEventMessage {
  const { agent, seq, timeMs, type, key, index, ballot, ...body } = event;
  return { agent, seq, timeMs, type, key, index, ballot, bodyJson: JSON.stringify(body) };
}

export function clusterEventFromWire(wire: ClusterEventMessage): ClusterEvent {
  const body = parseBody(wire.bodyJson);
  return parseClusterEvent({
    ...body,
    agent: wire.agent,
    seq: wire.seq,
    timeMs: wire.timeMs,
    type: wire.type,
    ...(wire.key === undefined ? {} : { key: wire.key }),
    ...(wire.index === undefined ? {} : { index: wire.index }),
    ...(wire.ballot === undefined ? {} : { ballot: wire.ballot }),
  });
}

function parseBody(bodyJson: string): object {
  let body: unknown;
  try {
    body = JSON.parse(bodyJson === '' ? '{}' : bodyJson);
  } catch (error) {
    throw new EventValidationError('bodyJson', `is not JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EventValidationError('bodyJson', 'must be a JSON object');
  }
  return body;
}
