/**
 * A replica's PLog as inspectKey read it from the agent: the durable truth, which replaces what the
 * events suggested for the indexes it covers (events can be dropped; the record cannot be wrong). A row
 * keeps its highlight when the record agrees with it.
 */
import { ballotsEqual } from '../../app/paxos/ballot';
import type { Ballot, NodeId } from '../../app/paxos/types';
import type { PLogRow } from './observed-cluster';
import type { ObservedDraft } from './observed-draft';

export interface InspectedInstance {
  index: number;
  promised: Ballot | null;
  accepted: Ballot | null;
  value: { requestId: string; version: number; deleted: boolean; text: string } | null;
  chosen: boolean;
}

export interface InspectedPLog {
  type: 'plogInspected';
  nodeId: NodeId;
  key: string;
  instances: InspectedInstance[];
}

export function applyInspectedPLog(draft: ObservedDraft, input: InspectedPLog): void {
  if (input.instances.length === 0 && !draft.hasRows(input.key, input.nodeId)) return;
  const rows = draft.plogRows(input.key, input.nodeId);
  for (const instance of input.instances) {
    const at = rows.findIndex((row) => row.index === instance.index);
    const old = at >= 0 ? rows[at]! : null;
    const row = fromRecord(instance, old, draft.eventCount);
    if (at >= 0) rows[at] = row;
    else rows.push(row);
  }
  rows.sort((a, b) => a.index - b.index);
  if (rows.length > draft.limits.plogRowsMax) rows.splice(0, rows.length - draft.limits.plogRowsMax);
}

function fromRecord(instance: InspectedInstance, old: PLogRow | null, eventCount: number): PLogRow {
  const same =
    old !== null &&
    ballotsEqual(old.promised, instance.promised) &&
    ballotsEqual(old.accepted, instance.accepted) &&
    old.chosen === instance.chosen;
  return {
    index: instance.index,
    proposed: old?.proposed ?? null,
    promised: instance.promised,
    accepted: instance.accepted,
    requestId: instance.value?.requestId ?? old?.requestId ?? null,
    version: instance.value?.version ?? old?.version ?? null,
    value: instance.value ? (instance.value.deleted ? null : instance.value.text) : (old?.value ?? null),
    deleted: instance.value?.deleted ?? old?.deleted ?? false,
    chosen: instance.chosen,
    learnedFrom: old?.learnedFrom ?? null,
    rejectedBy: old?.rejectedBy ?? null,
    changedN: same ? old.changedN : eventCount,
    changedFields: same ? old.changedFields : changedFieldsOf(instance, old),
    syncedN: old?.syncedN ?? 0,
  };
}

function changedFieldsOf(instance: InspectedInstance, old: PLogRow | null): PLogRow['changedFields'] {
  if (!old) return ['promised', 'accepted', 'chosen'];
  const fields: PLogRow['changedFields'] = [];
  if (!ballotsEqual(old.promised, instance.promised)) fields.push('promised');
  if (!ballotsEqual(old.accepted, instance.accepted)) fields.push('accepted');
  if (old.chosen !== instance.chosen) fields.push('chosen');
  return fields;
}
