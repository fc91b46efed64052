/**
 * ControlService for one simulated node, so the console's health monitor, event followers, fault plan,
 * hold tray and PLog lens work on it unchanged: status and health from the node's core, its event
 * stream, InspectKey through the agent's own function, faults (cluster-wide here: the plan sends each
 * change to every node and it is applied once), the messages it holds as sender, the pace (the
 * simulation's clock) and Crash. No token: the services listen on 127.0.0.1 inside the console.
 */
import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { isPaused, type FaultChangeInput } from '../../app/model/fault-model';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { zeroNodeCounters } from '../../app/paxos';
import type { NodeId } from '../../app/paxos/types';
import { clusterEventToWire } from '../../app/proto/event-codec';
import {
  ReleaseHeldRequest_Action,
  type ClusterEventMessage,
  GetStatusResponse,
  type FaultsResponse,
  type HealthResponse,
  type ListHeldResponse,
  type ProtocolPace,
  type WatchEventsRequest,
} from '../../app/proto/generated/control';
import { heldMessages } from '../../app/simulator/sim-network';
import { FieldError } from '../../app/util/field-error';
import { healthResponse, heldMessageView, inspectKey } from '../../node-agent';
import { CallStatusError, failureStatus } from './sim-call-status';
import type { SimClock } from './sim-clock';
import type { SimulatedCluster } from './simulated-cluster';

export interface SimControlParts {
  cluster: SimulatedCluster;
  clock: SimClock;
  /** The build the console runs, reported as the node's. */
  buildVersion: string;
}

type Unary<Request, Response> = (request: Request) => Response;

function unary<Request, Response>(handle: Unary<Request, Response>) {
  return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>): void => {
    try {
      callback(null, handle(call.request));
    } catch (error) {
      callback(failureStatus(error));
    }
  };
}

const releaseActions = {
  [ReleaseHeldRequest_Action.ACTION_DELIVER]: 'deliver',
  [ReleaseHeldRequest_Action.ACTION_DROP]: 'drop',
  [ReleaseHeldRequest_Action.ACTION_DUPLICATE]: 'duplicate',
} as const;

export function simControlHandlers(parts: SimControlParts, node: NodeId): UntypedServiceImplementation {
  const { cluster } = parts;
  const held = () => heldMessages(cluster.sim.state.network).filter((wire) => wire.message.from === node);
  const faults = (): FaultsResponse => ({
    stateJson: JSON.stringify(cluster.faults),
    paused: isPaused(cluster.faults, node),
    heldCount: held().length,
    pausedInputs: cluster.sim.state.nodes[node]?.inbox.length ?? 0,
  });
  const pace = (): ProtocolPace => ({
    rate: parts.clock.rateInForce,
    requestedRate: parts.clock.pace,
    holding: cluster.holding,
  });
  return {
    getStatus: unary((): GetStatusResponse => statusOf(parts, node, faults(), pace())),
    health: unary((): HealthResponse => healthOf(parts, node)),
    watchEvents: (call: ServerWritableStream<WatchEventsRequest, ClusterEventMessage>) =>
      watchEvents(parts, node, call),
    inspectKey: unary((request: { key: string }) => {
      const core = cluster.sim.state.nodes[node]?.core;
      if (!core) throw new CallStatusError({ code: status.UNAVAILABLE, details: `${node} is down` });
      return inspectKey(core, cluster.sim.protocol.name, request.key);
    }),
    applyFault: unary((request: { changeJson: string }) => {
      cluster.applyFault(parseJson(request.changeJson, 'changeJson') as FaultChangeInput);
      return faults();
    }),
    setFaults: unary((request: { stateJson: string }) => {
      if (request.stateJson !== '') cluster.setFaults(parseJson(request.stateJson, 'stateJson'));
      return faults();
    }),
    getFaults: unary(() => faults()),
    listHeld: unary((): ListHeldResponse => ({
      messages: held().map((wire) => heldMessageView(wire.message, wire.sentAtMs)),
    })),
    releaseHeld: unary((request: { id: string; action: ReleaseHeldRequest_Action }) => {
      const action = releaseActions[request.action as keyof typeof releaseActions];
      if (!action) throw new FieldError('action', 'must be ACTION_DELIVER, ACTION_DROP or ACTION_DUPLICATE');
      const wire = held().find((candidate) => candidate.message.id === request.id);
      if (!wire)
        throw new CallStatusError({
          code: status.NOT_FOUND,
          details: `no held message "${request.id}" here`,
        });
      cluster.input({ kind: action, wireId: wire.wireId });
      return { heldCount: held().length };
    }),
    setProtocolPace: unary((request: { rate?: number }) => {
      const rate = request.rate;
      if (rate === undefined || !(rate >= 0 && rate <= 1))
        throw new FieldError('rate', 'must be from 0 to 1');
      parts.clock.setPace(rate);
      return pace();
    }),
    crash: unary(() => {
      cluster.crash(node);
      return {};
    }),
  };
}

function statusOf(
  parts: SimControlParts,
  node: NodeId,
  faults: FaultsResponse,
  pace: ProtocolPace,
): GetStatusResponse {
  const { cluster } = parts;
  const core = cluster.sim.state.nodes[node]?.core ?? null;
  const stream = cluster.streams.get(node);
  // fromPartial gives the fields a simulated node has nothing for their defaults.
  return GetStatusResponse.fromPartial({
    nodeId: node,
    uptimeMs: cluster.sim.nowMs,
    learnerOnly: core !== null && cluster.sim.protocol.isLearner(core),
    storageBytes: 0,
    counters: core && 'counters' in core ? core.counters : zeroNodeCounters(),
    buildVersion: parts.buildVersion,
    syncRelaxed: false,
    faults,
    lastEventSeq: stream?.lastSeq ?? 0,
    eventsDropped: 0,
    watchers: stream?.watcherCount ?? 0,
    pace,
    steps: cluster.stepCounts.of(node).snapshot(),
    // No verifier runs on a simulated node (nothing is on a disk to go bad), so there is no status:
    // absent, as on an agent without one, rather than counters that were never counted.
    verification: undefined,
  });
}

function healthOf({ cluster }: SimControlParts, node: NodeId): HealthResponse {
  const core = cluster.sim.state.nodes[node]?.core ?? null;
  const reason = !core
    ? `${node} is down in the simulation (crashed)`
    : cluster.sim.protocol.isLearner(core)
      ? 'learner-only: relearning after a wiped disk'
      : '';
  return healthResponse(reason);
}

function watchEvents(
  { cluster }: SimControlParts,
  node: NodeId,
  call: ServerWritableStream<WatchEventsRequest, ClusterEventMessage>,
): void {
  const stream = cluster.streams.get(node);
  const fromSeq = call.request.fromSeq;
  if (!stream || !Number.isSafeInteger(fromSeq) || fromSeq < 0) {
    call.emit('error', failureStatus(new FieldError('fromSeq', 'must be a whole number from 0')));
    return;
  }
  const write = (event: ClusterEvent) => call.write(clusterEventToWire(event));
  stream.watch(fromSeq, write);
  const stop = () => stream.unwatch(write);
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FieldError(field, `is not valid JSON (${(error as Error).message})`);
  }
}
