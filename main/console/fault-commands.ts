/**
 * Fault commands: change the cluster's faults, list held messages, release one; the PLog lens; the
 * protocol pace a person sets for every agent, and the rate that follows from it and hold mode, which the
 * console's own time limits use.
 */
import type { CommandArgs, CommandOutput } from '../../app/contract/console-contract';
import { groupLogFromJson, type PlogView } from '../../app/contract/plog-view';
import { holdInForce } from '../../app/model/fault-model';
import type { HeldMessage, InspectKeyResponse } from '../../app/proto/generated/control';
import type { ProtocolRecordData } from '../../app/proto/generated/plog_record';
import { protocolRecordFromData } from '../../app/proto/protocol-envelope';
import { protocolNames } from '../../app/protocol/protocol';
import { protocolNamed } from '../../app/protocol/registry';
import type { ConsoleContext } from './console-context';
import type { ProtocolRate } from './kv-commands';
import { bytesAsText } from '../../app/util/byte-text';

export async function applyFault(
  context: ConsoleContext,
  input: CommandArgs<'applyFault'>,
): Promise<CommandOutput<'applyFault'>> {
  const { change } = input;
  if (change.kind === 'corrupt') {
    // An act on one agent's disk, not a fault state every agent keeps: only that agent is asked.
    await context.requireClient(change.node).control.corruptKey(change.key);
    return { faults: context.faults().current(), unreached: [] };
  }
  const outcome = await context.faults().apply(input.change);
  context.publishFaults();
  return outcome;
}

/** Sets every agent's protocol pace and publishes the choice (the node views show the rate in force). */
export async function setProtocolPace(
  context: ConsoleContext,
  input: CommandArgs<'setProtocolPace'>,
): Promise<CommandOutput<'setProtocolPace'>> {
  const outcome = await context.faults().setPace(input.rate);
  context.setCluster({ protocolPace: outcome.rate });
  return outcome;
}

/**
 * How fast protocol time runs at one agent, for the console's limits on calls to it: 0 at once when a
 * link is held (the agents stop their clocks then, node-agent/process/control/protocol-pace.ts), otherwise the
 * rate its status last reported (slow motion, or messages still held in its gate). Read at each use.
 */
export function protocolRate(context: ConsoleContext, nodeId: string): ProtocolRate {
  return () => {
    if (context.session === null) return 1;
    if (holdInForce(context.faults().current())) return 0;
    const node = context.publisher.snapshot().nodes.find((view) => view.id === nodeId);
    return node?.protocolRate ?? 1;
  };
}

export async function listHeld(context: ConsoleContext): Promise<CommandOutput<'listHeld'>> {
  const messages = await context.faults().held();
  return { messages: messages.map(heldView) };
}

export async function releaseHeld(
  context: ConsoleContext,
  input: CommandArgs<'releaseHeld'>,
): Promise<CommandOutput<'releaseHeld'>> {
  context.requireClient(input.nodeId);
  return { heldCount: await context.faults().release(input.nodeId, input.messageId, input.action) };
}

export async function inspectKey(
  context: ConsoleContext,
  input: CommandArgs<'inspectKey'>,
): Promise<PlogView> {
  const response = await context.requireClient(input.nodeId).control.inspectKey(input.key);
  return plogView(input.nodeId, input.key, response);
}

function heldView(message: HeldMessage) {
  return { ...message, ballot: message.ballot ?? null };
}

function plogView(nodeId: string, key: string, response: InspectKeyResponse): PlogView {
  const record = response.record;
  return {
    nodeId,
    key,
    found: response.found,
    replica: response.replica,
    proposerPhase: response.proposerPhase,
    header: response.header ?? null,
    instances: (record?.instances ?? []).map((instance) => ({
      index: instance.index,
      promised: instance.promised ?? null,
      accepted: instance.accepted ?? null,
      value: instance.value
        ? {
            requestId: instance.value.requestId,
            owner: instance.value.owner,
            version: instance.value.version,
            deleted: instance.value.deleted,
            ...bytesAsText(instance.value.data),
          }
        : null,
      chosen: instance.chosen,
    })),
    copy: response.protocolRecord ? copyView(response.protocolRecord) : null,
    log: groupLogFromJson(response.logJson),
    recent: record?.recent ?? [],
  };
}

/** Another protocol's record as its own text; a record the console cannot read says so instead. */
function copyView(data: ProtocolRecordData): PlogView['copy'] {
  const name = protocolNames.find((candidate) => candidate === data.protocol);
  const core = name && protocolNamed(name);
  if (!name || !core?.wire)
    return { protocol: data.protocol, text: `(a ${data.protocol} record this console cannot read)` };
  const record = protocolRecordFromData(name, core.wire, data);
  return { protocol: name, text: core.text.record(record) };
}
