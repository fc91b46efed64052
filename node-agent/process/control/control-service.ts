/**
 * ControlService (app/proto/control.proto): status and health, the event stream, the PLog lens, and
 * the faults of the agent's gate. Every call but Health needs the cluster token.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeCounters } from '../../../app/paxos/types';
import type { AnyNodeState } from '../../../app/protocol/registry';
import type { AgentProtocol } from '../agent-protocol';
import {
  ReleaseHeldRequest_Action,
  type ApplyFaultRequest,
  type FaultsResponse,
  type GetStatusResponse,
  type HealthResponse,
  type InspectKeyRequest,
  type ListHeldResponse,
  type ReleaseHeldRequest,
  type ReleaseHeldResponse,
  type SetFaultsRequest,
  type SetProtocolPaceRequest,
} from '../../../app/proto/generated/control';
import type { VerificationStatus } from '../../../app/proto/generated/verification';
import type { EventStream } from '../events/event-stream';
import type { FaultGate, ReleaseAction } from '../transport/fault-gate';
import type { TokenCheck } from './control-auth';
import { ControlArgumentError, parseJsonField } from './control-errors';
import { ControlNotFoundError, unaryHandler } from './control-handler';
import type { FaultController, FaultSnapshot } from './fault-controller';
import { healthResponse } from './health-response';
import { heldMessageView } from './held-message-view';
import { inspectKey } from './key-inspector';
import type { ProtocolPace } from './protocol-pace';
import { watchEventsHandler } from './watch-events';

export interface AgentStatusSource {
  nodeId: string;
  buildVersion: string;
  syncRelaxed: boolean;
  uptimeMs(): number;
  learnerOnly(): boolean;
  /** PaxosKV's counters; all zero on another protocol. */
  counters(): NodeCounters;
  /** Every protocol's own steps: how many of each core event the core emitted (StepCounts). */
  steps(): Record<string, number>;
  storageBytes(): Promise<number>;
  /** Empty when serving; otherwise why not ("learner-only: …", "shutting down"). */
  notServingReason(): string;
  /** The full-data verifier's counters; undefined where none runs (another protocol). */
  verification(): VerificationStatus | undefined;
}

export interface ControlParts {
  status: AgentStatusSource;
  check: TokenCheck;
  events: EventStream;
  faults: FaultController;
  gate: FaultGate;
  /** The protocol clock's rate; hold mode (faults and held messages) stops it. */
  pace: ProtocolPace;
  /** The core's state now, read only. */
  state(): AnyNodeState;
  /** The topology's protocol, which InspectKey answers in. */
  protocol: Pick<AgentProtocol, 'name'>;
  /** Ends the process at once (the Crash call). */
  crash(): void;
}

function faultsResponse(snapshot: FaultSnapshot): FaultsResponse {
  return {
    stateJson: JSON.stringify(snapshot.state),
    paused: snapshot.paused,
    heldCount: snapshot.heldCount,
    pausedInputs: snapshot.pausedInputs,
  };
}

const releaseActions: Partial<Record<ReleaseHeldRequest_Action, ReleaseAction>> = {
  [ReleaseHeldRequest_Action.ACTION_DELIVER]: 'deliver',
  [ReleaseHeldRequest_Action.ACTION_DROP]: 'drop',
  [ReleaseHeldRequest_Action.ACTION_DUPLICATE]: 'duplicate',
};

export function controlServiceHandlers(parts: ControlParts): UntypedServiceImplementation {
  const { check, faults, pace } = parts;
  /** Every call that may start or end hold mode lets the pace follow before it answers. */
  const thenRefreshPace = <Response>(response: Response): Response => {
    pace.refresh();
    return response;
  };
  return {
    getStatus: unaryHandler(check, () => statusOf(parts)),
    health: (_call: unknown, callback: (error: null, response: HealthResponse) => void) =>
      callback(null, healthOf(parts.status)),
    watchEvents: watchEventsHandler(check, parts.events),
    inspectKey: unaryHandler(check, (request: InspectKeyRequest) =>
      inspectKey(parts.state(), parts.protocol.name, request.key),
    ),
    applyFault: unaryHandler(check, (request: ApplyFaultRequest) =>
      thenRefreshPace(faultsResponse(faults.apply(parseJsonField(request.changeJson, 'changeJson')))),
    ),
    setFaults: unaryHandler(check, (request: SetFaultsRequest) =>
      thenRefreshPace(
        faultsResponse(
          faults.set(request.stateJson === '' ? {} : parseJsonField(request.stateJson, 'stateJson')),
        ),
      ),
    ),
    getFaults: unaryHandler(check, () => faultsResponse(faults.snapshot())),
    listHeld: unaryHandler(check, (): ListHeldResponse => ({
      messages: parts.gate.listHeld().map(({ message, heldAtMs }) => heldMessageView(message, heldAtMs)),
    })),
    releaseHeld: unaryHandler(check, (request: ReleaseHeldRequest) =>
      thenRefreshPace(releaseHeld(parts.gate, request)),
    ),
    setProtocolPace: unaryHandler(check, (request: SetProtocolPaceRequest) => pace.set(request.rate)),
    crash: unaryHandler(check, () => {
      setImmediate(() => parts.crash());
      return {};
    }),
  };
}

async function statusOf(parts: ControlParts): Promise<GetStatusResponse> {
  const { status, events, faults } = parts;
  const stats = events.stats;
  return {
    nodeId: status.nodeId,
    uptimeMs: Math.round(status.uptimeMs()),
    learnerOnly: status.learnerOnly(),
    storageBytes: await status.storageBytes(),
    counters: status.counters(),
    steps: status.steps(),
    buildVersion: status.buildVersion,
    syncRelaxed: status.syncRelaxed,
    faults: faultsResponse(faults.snapshot()),
    lastEventSeq: stats.lastSeq,
    eventsDropped: stats.dropped,
    watchers: stats.watchers,
    pace: parts.pace.snapshot(),
    verification: status.verification(),
  };
}

function healthOf(status: AgentStatusSource): HealthResponse {
  return healthResponse(status.notServingReason());
}

function releaseHeld(gate: FaultGate, request: ReleaseHeldRequest): ReleaseHeldResponse {
  if (request.id === '') throw new ControlArgumentError('id', 'must not be empty');
  const action = releaseActions[request.action];
  if (!action)
    throw new ControlArgumentError('action', 'must be ACTION_DELIVER, ACTION_DROP or ACTION_DUPLICATE');
  if (!gate.release(request.id, action))
    throw new ControlNotFoundError(`no held message "${request.id}" here`);
  return { heldCount: gate.heldCount };
}
