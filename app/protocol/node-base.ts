/** What every protocol's node state starts with, and the routing of one input to its handler. */
import { checkCoreConfig } from '../paxos/config';
import type { ClientRequest, CoreConfig } from '../paxos/types';
import { tickRejected, type InputRejectedEvent } from './input-rejection';
import type { NodeStart, ProtocolInput } from './protocol';

export interface NodeBase {
  config: CoreConfig;
  /** The core's clock: the latest tick's time (time enters only through ticks). */
  nowMs: number;
  /** The next message number; ids are `${self}:${seq}`, unique per sender across restarts. */
  nextMessageSeq: number;
}

/** The base of a fresh or restarted node; refuses a configuration the core cannot run with. */
export function startNodeBase(config: CoreConfig, start: NodeStart<unknown>): NodeBase {
  checkCoreConfig(config);
  return { config, nowMs: start.nowMs ?? 0, nextMessageSeq: start.firstMessageSeq ?? 1 };
}

/** Moves the node's clock to a tick's time (never back); the tick's refusal when its time is not a number. */
export function advanceClock(state: NodeBase, nowMs: number): InputRejectedEvent | null {
  const rejected = tickRejected(nowMs);
  if (!rejected) state.nowMs = Math.max(state.nowMs, nowMs);
  return rejected;
}

export interface InputHandlers<Message> {
  tick(nowMs: number): void;
  receive(message: Message): void;
  client(request: ClientRequest): void;
  /** Refuses an input this protocol does not take (the verifier's relearn): the event says why. */
  refuse(event: InputRejectedEvent): void;
}

/** Hands one input to the handler of its kind. */
export function routeInput<Message>(input: ProtocolInput<Message>, on: InputHandlers<Message>): void {
  switch (input.kind) {
    case 'tick':
      return on.tick(input.nowMs);
    case 'receive':
      return on.receive(input.message);
    case 'client':
      return on.client(input.request);
    case 'relearn':
      return on.refuse({ type: 'inputRejected', field: 'kind', reason: 'relearn is a PaxosKV repair only' });
  }
}
