/**
 * What the topology's protocol decides inside an agent: the core it steps, how its peer frames and its
 * records are encoded, and how its events reach watchers. PaxosKV keeps its own protobuf messages and
 * record layout, byte for byte; every other protocol travels and rests in the generic envelopes
 * (app/proto/protocol-envelope.ts) and so needs a wire description (ProtocolCore.wire). Picked once at
 * start: nothing on PaxosKV's paths asks which protocol runs.
 */
import { eventLifterFor, type EventLifter } from '../../app/model/from-protocol-event';
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';
import {
  protocolNamed,
  type AnyMessage,
  type AnyProtocol,
  type AnyRecord,
} from '../../app/protocol/registry';
import { paxosFrameCodec, type PeerFrameCodec } from '../../app/proto/codec';
import { protocolFrameCodec } from '../../app/proto/protocol-envelope';
import { UsageError } from '../kit/cli/flags';
import type { RecordCodec } from './storage/plog-store';
import { protocolRecordCodec } from './storage/protocol-record-codec';
import { paxosRecordCodec } from './storage/record-codec';

export interface AgentProtocol {
  name: ProtocolName;
  core: AnyProtocol;
  /** Peer frames: PaxosKV's messages, or the envelope; each refuses the other's messages. */
  frames: PeerFrameCodec<AnyMessage>;
  /** Records on disk: PaxosKV's layout, or the envelope; each refuses the other's records. */
  records: RecordCodec<AnyRecord>;
  /** Core events as cluster events: PaxosKV's own, or protocolStep with the protocol's text. */
  lift: EventLifter;
}

/** The protocols an agent can run: PaxosKV, and every other one with a wire description. */
export const agentProtocolNames: readonly ProtocolName[] = protocolNames.filter(
  (name) => name === 'paxoskv' || protocolNamed(name).wire !== undefined,
);

/** The parts for `name`; a UsageError on the topology's `protocol` field when agents cannot run it. */
export function agentProtocol(name: ProtocolName): AgentProtocol {
  const core = protocolNamed(name);
  const lift = eventLifterFor(name);
  // One cluster runs one protocol, so PaxosKV's codecs only ever see PaxosKV's messages and records.
  if (name === 'paxoskv') return { name, core, frames: paxosFrameCodec, records: paxosRecordCodec, lift };
  const { wire } = core;
  if (!wire) {
    throw new UsageError(
      'protocol',
      `${name} has no wire format for real agents yet (the simulator runs it: npm run sim -- --protocol ${name})`,
    );
  }
  return {
    name,
    core,
    frames: protocolFrameCodec(name, wire),
    records: protocolRecordCodec({ name, checkRecord: (record) => core.checkRecord(record), wire }),
    lift,
  };
}
