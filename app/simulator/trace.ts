/**
 * The trace: one line per core event, persist, message send, delivery and drop, client call and reply,
 * fault and node start or crash. Golden scenarios compare it, and a replay must reproduce it exactly.
 * Within a step it reads in the order a person follows: what the node decided (events), what it wrote,
 * what it sent, whom it answered.
 */
import { describeFault } from '../model/fault-description';
import type { FaultChange } from '../model/fault-model';
import type { NodeId } from '../paxos/types';
import type { ProtocolName } from '../protocol/protocol';
import { protocolNamed, type AnyInput, type AnyReady } from '../protocol/registry';
import { formatOperation, formatReply } from './trace-text';
import { toClientOperation } from './client-request';
import type { DropReason, WireMessage } from './sim-network';
import type { LifecycleChange, SimObserver } from './sim-observer';
import type { ClientCall } from './sim-state';

function formatLifecycle(change: LifecycleChange): string {
  if (change.kind === 'crash') {
    const lost = change.lostKeys.length > 0 ? ` lost unsynced ${change.lostKeys.join(' ')}` : '';
    const point = change.afterPersist ? ' after persist' : change.beforePersist ? ' before persist' : '';
    return `crash${point}${lost}`;
  }
  return `start${change.learnerOnly ? ' learner-only' : ''} with ${change.records.length} records`;
}

/**
 * An observer that writes each fact as a line to `sink`, stamped with simulated time; the protocol the
 * run uses writes its own messages, records and events.
 */
export function createTraceRecorder(sink: (line: string) => void, protocol: ProtocolName): SimObserver {
  const text = protocolNamed(protocol).text;
  const wireText = (wire: WireMessage, arrow: string) =>
    `${wire.message.from} ${arrow} ${wire.message.to} ${text.message(wire.message)}`;
  const line = (nowMs: number, text: string) => sink(`t=${nowMs} ${text}`);
  return {
    onStep(nowMs: number, node: NodeId, _input: AnyInput, ready: AnyReady) {
      for (const event of ready.events) {
        const shown = text.event(event);
        if (shown !== null) line(nowMs, `${node} ${shown}`);
      }
      const sync = ready.mustSync ? ' sync' : '';
      for (const { record } of ready.persist) line(nowMs, `${node} persist ${text.record(record)}${sync}`);
      if (ready.meta) line(nowMs, `${node} persist meta learnerOnly=${ready.meta.learnerOnly}${sync}`);
    },
    onSend(nowMs: number, wire: WireMessage) {
      const note = wire.held ? ' (held)' : wire.duplicateOf !== null ? ' (duplicate)' : '';
      line(nowMs, `${wireText(wire, '→')}${note}`);
      if (wire.dropped) line(nowMs, `${wireText(wire, '✗')} (${wire.dropped})`);
    },
    onDeliver(nowMs: number, wire: WireMessage) {
      line(nowMs, `${wire.message.to} ← ${wire.message.from} ${text.message(wire.message)}`);
    },
    onDrop(nowMs: number, wire: WireMessage, reason: DropReason) {
      line(nowMs, `${wireText(wire, '✗')} (${reason})`);
    },
    onClientCall(nowMs: number, call: ClientCall) {
      const attempt = call.attempt > 1 ? ` retry ${call.attempt}` : '';
      const deadline = call.deadlineMs === null ? '' : ` deadline=${call.deadlineMs}`;
      const operation = formatOperation(toClientOperation(call.op));
      line(nowMs, `${call.node} client ${call.requestId}${attempt} ${operation}${deadline}`);
    },
    onClientReply(nowMs: number, call: ClientCall) {
      if (call.reply) line(nowMs, `${call.node} reply ${formatReply(call.reply, call.op.kind === 'get')}`);
    },
    onFault(nowMs: number, change: FaultChange) {
      line(nowMs, `fault ${describeFault(change)}`);
    },
    onLifecycle(nowMs: number, node: NodeId, change: LifecycleChange) {
      line(nowMs, `${node} ${formatLifecycle(change)}`);
    },
  };
}
