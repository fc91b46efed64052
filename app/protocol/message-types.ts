/**
 * The peer message types of every registered protocol, which the event schema (app/model/cluster-event.ts)
 * accepts and the console draws. Taken from each core's `messageTypes`, so registering a protocol is
 * enough to list its messages; a name two protocols share (prepare, accept, ...) is listed once.
 */
import { protocolNames } from './protocol';
import { protocolNamed, type AnyMessage } from './registry';

export type AnyMessageType = AnyMessage['type'];

export const anyMessageTypes: readonly AnyMessageType[] = [
  ...new Set(protocolNames.flatMap((name) => protocolNamed(name).messageTypes ?? [])),
];
