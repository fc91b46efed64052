/**
 * One data directory, one protocol: QuorumKV's copies rest in the generic record envelope and come
 * back checked; PaxosKV's records and meta keep their bytes; and recovery refuses a directory another
 * protocol wrote, naming both, before it claims it.
 */
import { ClassicLevel } from 'classic-level';
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig } from '../../../app/paxos';
import type { QuorumRecord } from '../../../app/quorumkv';
import type { AnyRecord } from '../../../app/protocol/registry';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { agentProtocol } from '../../../node-agent/process/agent-protocol';
import { recoverNodeState } from '../../../node-agent/process/runtime/recovery';
import {
  CorruptRecordError,
  ForeignRecordError,
} from '../../../node-agent/process/storage/corrupt-record-error';
import { openPLogStore } from '../../../node-agent/process/storage/level-plog-store';
import {
  encodeAgentMeta,
  encodeKeyRecord,
  paxosRecordCodec,
} from '../../../node-agent/process/storage/record-codec';
import { chosenRecord, persistOf } from '../../support/sample-records';
import { useTempDirs } from './temp-dirs';

const newDir = useTempDirs();
const quorum = agentProtocol('quorumkv');
const paxos = agentProtocol('paxoskv');
const groups = [{ id: 'g1', members: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] }];

const copy: QuorumRecord = {
  key: 'k1',
  version: 2,
  writer: 'n1',
  value: Uint8Array.from([7, 8]),
  requestId: 'c2',
  requests: [{ requestId: 'c2', version: 2, index: 2 }],
};

async function quorumDir(): Promise<string> {
  const dir = newDir();
  const store = await openPLogStore(dir, { codec: quorum.records });
  await store.writeBatch([{ key: copy.key, record: copy }], true);
  await store.writeMeta({ ...(await store.readMeta()), protocol: 'quorumkv', clusterName: 'default' });
  await store.close();
  return dir;
}

async function recoverIn(dir: string, protocol: typeof quorum) {
  const store = await openPLogStore<AnyRecord>(dir, { codec: protocol.records });
  try {
    return await recoverNodeState({
      store,
      coreConfig: defaultCoreConfig('n0', groups),
      learnerOnlyFlag: false,
      clusterName: 'default',
      protocol,
    });
  } finally {
    await store.close();
  }
}

async function refusalIn(dir: string, protocol: typeof quorum): Promise<UsageError> {
  try {
    await recoverIn(dir, protocol);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('recovery accepted a directory of another protocol');
}

describe('the protocol record envelope on disk', () => {
  it('writes and loads QuorumKV copies, checked both ways', async () => {
    const dir = await quorumDir();
    const recovered = await recoverIn(dir, quorum);
    expect(recovered.keys).toBe(1);
    expect(recovered.meta.protocol).toBe('quorumkv');
    const store = await openPLogStore(dir, { codec: quorum.records });
    expect(await store.loadAll()).toEqual([copy]);
    // The core's own check runs before a write, as after a read.
    await expect(store.writeBatch([{ key: 'k1', record: { ...copy, writer: '' } }], true)).rejects.toThrow(
      'names its writer',
    );
    await store.close();
  });

  it('stops on a damaged copy, naming its key', async () => {
    const dir = await quorumDir();
    const db = new ClassicLevel<string, Uint8Array>(dir, { valueEncoding: 'view' });
    const stored = await db.get('p:k1');
    await db.put('p:k1', stored!.subarray(0, stored!.length - 3));
    await db.close();
    const store = await openPLogStore(dir, { codec: quorum.records });
    await expect(store.loadAll()).rejects.toThrow(CorruptRecordError);
    await expect(store.loadAll()).rejects.toThrow('"k1"');
    await store.close();
  });

  it('is refused by PaxosKV record by record, and PaxosKV records by QuorumKV', async () => {
    const quorumBytes = quorum.records.encode(copy);
    expect(() => paxosRecordCodec.decode(quorumBytes, 'k1')).toThrow(ForeignRecordError);
    expect(() => paxosRecordCodec.decode(quorumBytes, 'k1')).toThrow(
      'is a quorumkv record; this agent runs paxoskv',
    );
    const paxosBytes = encodeKeyRecord(chosenRecord('k1', 1));
    expect(() => quorum.records.decode(paxosBytes, 'k1')).toThrow(
      'is a paxoskv record; this agent runs quorumkv',
    );
  });

  it('leaves PaxosKV records and meta byte for byte as they were', () => {
    const record = {
      key: 'k',
      instances: [
        {
          index: 1,
          promised: { counter: 0, role: 1 },
          accepted: { counter: 0, role: 1 },
          value: {
            requestId: 'c1',
            owner: 'n1',
            version: 1,
            deleted: false,
            data: Uint8Array.from([104, 105]),
            requests: [{ requestId: 'c1', version: 1, index: 1 }],
          },
          chosen: true,
        },
      ],
      recent: [{ index: 1, requestId: 'c1', version: 1, deleted: false, owner: 'n1' }],
    };
    // The bytes both had before other protocols had an envelope.
    expect(Buffer.from(encodeKeyRecord(record)).toString('hex')).toBe(
      '010a016b12260801120210011a02100122180a02633112026e3118012a02686932080a0263311001180128011a0c08011202633118012a026e31',
    );
    const meta = { learnerOnly: false, clusterName: 'default', createdAtMs: 1_700_000_000_000 };
    expect(Buffer.from(encodeAgentMeta(meta)).toString('hex')).toBe('01120764656661756c741880d095ffbc31');
  });
});

describe('a data directory of another protocol', () => {
  it('is refused by a PaxosKV agent, naming both protocols, from its meta', async () => {
    const refusal = await refusalIn(await quorumDir(), paxos);
    expect(refusal.field).toBe('--data-dir');
    expect(refusal.message).toContain(
      "holds quorumkv records (its meta says so), but the topology's protocol is paxoskv",
    );
  });

  it('is refused by a QuorumKV agent from its records, and left unclaimed', async () => {
    const dir = newDir();
    const store = await openPLogStore(dir);
    await store.writeBatch([persistOf('k1', 1)], true);
    await store.close();
    const refusal = await refusalIn(dir, quorum);
    expect(refusal.message).toContain('holds paxoskv records (key "k1" is one)');
    expect(refusal.message).toContain("the topology's protocol is quorumkv");
    const after = await recoverIn(dir, paxos);
    expect(after.meta.protocol).toBeUndefined();
    expect(after.keys).toBe(1);
  });

  it('is any empty directory: the first protocol to open it claims it', async () => {
    const dir = newDir();
    expect((await recoverIn(dir, quorum)).meta.protocol).toBe('quorumkv');
    expect((await refusalIn(dir, paxos)).message).toContain('holds quorumkv records');
  });
});
