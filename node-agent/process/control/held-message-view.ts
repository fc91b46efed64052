/**
 * A held peer message as ListHeld reports it: an agent's fault gate and the console's simulated
 * cluster (main/simulated) both answer with this view.
 */
import type { HeldMessage } from '../../../app/proto/generated/control';
import type { AnyMessage } from '../../../app/protocol/registry';

/** `heldAtMs` is when it was held: wall-clock ms at an agent, simulated ms in a simulation. */
export function heldMessageView(message: AnyMessage, heldAtMs: number): HeldMessage {
  return {
    id: message.id,
    from: message.from,
    to: message.to,
    type: message.type,
    key: message.key,
    index: 'index' in message ? message.index : 0,
    ballot: 'ballot' in message ? message.ballot : undefined,
    heldAtMs,
  };
}
