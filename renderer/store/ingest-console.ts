/**
 * Inputs that come from the console rather than from an agent's event stream: a process killed or back
 * (a killed agent cannot say so), a node cut off or reconnected by the partition, and a replica's PLog
 * as inspectKey read it. They go through the same batches as events, so rewinding replays them, but they
 * take no ordinal.
 */
import type { NodeId } from '../../app/paxos/types';
import { noteProcessDown, noteProcessUp } from './ingest-lifecycle';
import { applyInspectedPLog, type InspectedPLog } from './ingest-inspected';
import type { ObservedDraft } from './observed-draft';

export interface ProcessChange {
  type: 'processChanged';
  nodeId: NodeId;
  /** Why the process is down, or null when it runs again. */
  down: { kind: 'killed' | 'stopped'; why: string } | null;
}

export interface PartitionChange {
  type: 'partitionChanged';
  nodeId: NodeId;
  /** True when the partition leaves the node no peer in another datacenter of its group. */
  cutOff: boolean;
}

export type ConsoleInput = ProcessChange | PartitionChange | InspectedPLog;

const consoleInputTypes = new Set<string>(['processChanged', 'partitionChanged', 'plogInspected']);

export function isConsoleInput(input: { type: string }): input is ConsoleInput {
  return consoleInputTypes.has(input.type);
}

export function applyConsoleInput(draft: ObservedDraft, input: ConsoleInput): void {
  switch (input.type) {
    case 'processChanged':
      if (input.down === null) noteProcessUp(draft, input.nodeId);
      else noteProcessDown(draft, input.nodeId, input.down.kind, input.down.why);
      return;
    case 'partitionChanged':
      if (!input.cutOff) draft.closeBands(input.nodeId, ['cutOff']);
      else if (!draft.hasOpenBand(input.nodeId, 'cutOff')) {
        draft.openBand({
          node: input.nodeId,
          kind: 'cutOff',
          startN: draft.eventCount,
          endN: null,
          label: 'cut off by a partition',
        });
      }
      return;
    case 'plogInspected':
      applyInspectedPLog(draft, input);
      return;
  }
}
