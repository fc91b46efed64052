/**
 * Applies fault changes and whole fault states to this agent: validates them with fault-model.ts
 * (unknown nodes included), hands the state to the gate, pauses or resumes the loop's inputs when the
 * change concerns this node, and reports each change as a faultApplied event.
 */
import { describeFault } from '../../../app/model/fault-description';
import {
  applyFaultChange,
  FaultModelError,
  isPaused,
  validateFaultChange,
  validateFaultState,
  type FaultState,
} from '../../../app/model/fault-model';
import type { NodeId } from '../../../app/paxos/types';
import type { EventStream } from '../events/event-stream';
import type { FaultGate } from '../transport/fault-gate';
import type { PausableInputs } from './pausable-inputs';

export interface FaultSnapshot {
  state: FaultState;
  paused: boolean;
  heldCount: number;
  pausedInputs: number;
}

export class FaultController {
  constructor(
    private readonly self: NodeId,
    /** Every node of the topology: faults may name only these. */
    private readonly nodes: readonly NodeId[],
    private readonly gate: FaultGate,
    private readonly inputs: PausableInputs,
    private readonly events: EventStream,
  ) {}

  /** Throws FaultModelError naming the field when the change is malformed, out of bounds or names an unknown node. */
  apply(input: unknown): FaultSnapshot {
    const change = validateFaultChange(input, this.nodes);
    if (change.kind === 'corrupt') {
      throw new FaultModelError(
        'kind',
        'corrupt is not a fault state: call VerificationService.CorruptKey on the node',
      );
    }
    this.install(applyFaultChange(this.gate.state, change, this.nodes), describeFault(change));
    return this.snapshot();
  }

  /** Replaces the whole fault state; same errors as apply. */
  set(input: unknown): FaultSnapshot {
    const state = validateFaultState(input);
    checkNodesKnown(state, new Set(this.nodes));
    this.install(state, 'fault state replaced');
    return this.snapshot();
  }

  snapshot(): FaultSnapshot {
    return {
      state: this.gate.state,
      paused: this.inputs.isPaused,
      heldCount: this.gate.heldCount,
      pausedInputs: this.inputs.waitingCount,
    };
  }

  private install(state: FaultState, description: string): void {
    this.gate.state = state;
    this.events.emit({ type: 'faultApplied', description: description.slice(0, 512) });
    const pause = isPaused(state, this.self);
    if (pause === this.inputs.isPaused) return;
    if (pause) {
      this.inputs.pause();
      this.events.emit({ type: 'nodePaused' });
    } else {
      this.events.emit({ type: 'nodeResumed' });
      this.inputs.resume();
    }
  }
}

/** Every node id a fault state names, each with the field that names it. */
function namedNodes(state: FaultState): [string, string][] {
  const named: [string, string][] = [];
  for (const [node, peers] of Object.entries(state.reachable)) {
    named.push([node, `reachable.${node}`]);
    peers.forEach((peer, i) => named.push([peer, `reachable.${node}[${i}]`]));
  }
  state.links.forEach((rule, i) => named.push([rule.from, `links[${i}].from`], [rule.to, `links[${i}].to`]));
  state.paused.forEach((node, i) => named.push([node, `paused[${i}]`]));
  state.hold.links.forEach((link, i) =>
    named.push([link.from, `hold.links[${i}].from`], [link.to, `hold.links[${i}].to`]),
  );
  state.hold.heldAt.forEach((node, i) => named.push([node, `hold.heldAt[${i}]`]));
  return named;
}

function checkNodesKnown(state: FaultState, known: ReadonlySet<string>): void {
  for (const [node, field] of namedNodes(state)) {
    if (node !== '*' && !known.has(node)) throw new FaultModelError(field, `no node "${node}"`);
  }
}
