/**
 * The agent's verifier and VerificationService, built from the agent's parts. Only PaxosKV's records
 * have the chosen entries the checksum is defined on: on another protocol neither is built.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { nodeLocations, placementGroups } from '../../../app/model/topology';
import type { NodeState } from '../../../app/paxos/types';
import type { AnyInput, AnyNodeState } from '../../../app/protocol/registry';
import { defaultVerifierPace } from '../../../app/verification/schedule';
import type { AgentConfig } from '../agent-config';
import type { TokenCheck } from '../control/control-auth';
import type { EventStream } from '../events/event-stream';
import type { RawRecords } from '../storage/raw-records';
import { PeerChecksums } from './peer-checksums';
import { verificationServiceHandlers } from './verification-service';
import { Verifier } from './verifier';

/** A comparison call's time limit: part of the detection bound, so kept short. */
export const compareCallTimeoutMs = 2000;

export interface AgentVerification {
  verifier: Verifier;
  handlers: UntypedServiceImplementation;
}

export interface VerificationInputs {
  config: AgentConfig;
  protocol: string;
  state(): AnyNodeState;
  raw: RawRecords;
  /** Steps the core with an input (the agent loop's submit); false once the loop stopped. */
  submit(input: AnyInput): boolean;
  events: EventStream;
  check: TokenCheck;
  log(line: string): void;
}

export function buildVerification(inputs: VerificationInputs): AgentVerification | null {
  if (inputs.protocol !== 'paxoskv') return null;
  const { config, raw, events } = inputs;
  const self = config.node.id;
  const groups = placementGroups(config.topology);
  const sharing = new Set(
    groups.filter((group) => group.members.includes(self)).flatMap((group) => group.members),
  );
  const peers = new Map(
    nodeLocations(config.topology)
      .filter((node) => node.id !== self && sharing.has(node.id))
      .map((node) => [
        node.id,
        new PeerChecksums(node.id, `${node.host}:${node.port}`, config.token, compareCallTimeoutMs),
      ]),
  );
  const verifier = new Verifier({
    self,
    groups,
    pace: { ...defaultVerifierPace, keysPerSecond: config.verifyKeysPerSecond },
    raw,
    records: () => (inputs.state() as NodeState).records,
    relearn: (key, index) => inputs.submit({ kind: 'relearn', key, index }),
    peers,
    callTimeoutMs: compareCallTimeoutMs,
    events,
    log: inputs.log,
  });
  const handlers = verificationServiceHandlers({
    self,
    groups,
    keys: () => Object.keys((inputs.state() as NodeState).records),
    check: inputs.check,
    raw,
    keyBytesMax: config.topology.limits.keyBytesMax,
    events,
  });
  return { verifier, handlers };
}
