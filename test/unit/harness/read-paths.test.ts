/**
 * The one-replica read mode per protocol: PaxosKV's newest chosen entry and QuorumKV's copy (R=1) are
 * read from one replica's InspectKey answer; a protocol with no copy per key (multi-Paxos) is refused
 * naming the mode and the protocol, and an answer is read by the protocol it names.
 */
import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../../../app/model/topology';
import { protocolRecordToData } from '../../../app/proto/protocol-envelope';
import { InspectKeyResponse } from '../../../app/proto/generated/control';
import { emptyRecord, withWrite } from '../../../app/quorumkv/record';
import { createPrng } from '../../../app/util/prng';
import { checkOneReplicaRead, oneReplicaReadPath, quorumCopy } from '../../../main/harness/read-paths';
import { ClusterKvClient, type ControlClient } from '../../../node-agent';
import { ClusterUsageError, parseClusterCheckArguments } from '../../../main/harness/cluster-check-options';

const bytes = (text: string) => new TextEncoder().encode(text);

function answerWith(record: InspectKeyResponse['protocolRecord']): InspectKeyResponse {
  return InspectKeyResponse.fromPartial({
    found: record !== undefined,
    replica: true,
    protocolRecord: record,
  });
}

const copyAtTwo = withWrite(
  withWrite(emptyRecord('k'), { value: bytes('one'), writer: 'n0', requestId: 'r1' }, 4),
  { value: bytes('two'), writer: 'n1', requestId: 'r2' },
  4,
);

describe('one-replica read', () => {
  it("reads a QuorumKV replica's own copy, as R=1 would", () => {
    const answer = quorumCopy(answerWith(protocolRecordToData('quorumkv', copyAtTwo)));
    expect({ value: new TextDecoder().decode(answer.value!), version: answer.version }).toEqual({
      value: 'two',
      version: 2,
    });
    expect(quorumCopy(answerWith(undefined))).toEqual({ value: null, version: 0 });
  });

  it('refuses a protocol with no copy per key, naming the mode and the protocol', () => {
    expect(() => checkOneReplicaRead('paxoskv')).not.toThrow();
    expect(() => checkOneReplicaRead('quorumkv')).not.toThrow();
    expect(() => checkOneReplicaRead('multipaxos')).toThrow(
      /--mode one-replica-read: multipaxos keeps no copy of a key .* works on paxoskv and quorumkv/,
    );
  });

  it('reads each answer by the protocol it names', async () => {
    const kv = new ClusterKvClient(defaultTopology(), { attemptTimeoutMs: 1000 });
    try {
      const control = { inspectKey: async () => answerWith(protocolRecordToData('quorumkv', copyAtTwo)) };
      // Told nothing of the cluster's protocol (the console's checker), the answer still says QuorumKV.
      const read = oneReplicaReadPath(kv, () => control as unknown as ControlClient);
      expect((await read('k', 0, createPrng(1))).version).toBe(2);
      expect(() => oneReplicaReadPath(kv, () => undefined, 'multipaxos')).toThrow(/multipaxos/);
    } finally {
      kv.close();
    }
  });

  it('npm run check refuses the mode on such a protocol as bad input, before starting agents', () => {
    const parse =
      (...argv: string[]) =>
      () =>
        parseClusterCheckArguments(['--duration', '5s', '--mode', 'one-replica-read', ...argv], 0);
    expect(parse('--protocol', 'multipaxos')).toThrow(ClusterUsageError);
    expect(parse('--protocol', 'multipaxos')).toThrow(/--mode one-replica-read: multipaxos/);
    expect(parse('--compare', 'paxoskv,multipaxos')).toThrow(/--mode one-replica-read: multipaxos/);
    expect(parse('--protocol', 'quorumkv')).not.toThrow();
  });
});
