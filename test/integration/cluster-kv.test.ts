/**
 * Six real agents (the default topology's shape) on 127.0.0.1: reads and writes through every agent,
 * compare-and-set and delete, and bad input — over KvService and as peer frames — that must get a clear
 * error while the agent stays up and consistent.
 */
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { defaultTopology, nodeLocations } from '../../app/model/topology';
import { PeerFrame } from '../../app/proto/generated/peer_messages';
import { healthOf, statusOf } from '../support/control';
import { bytes, failureOf, getThrough, putThrough, textOf } from '../support/kv-expect';
import { openRawPeerStream } from '../support/raw-peer-stream';
import { useTestCluster } from '../support/test-cluster';

const testCluster = useTestCluster('cluster-kv');
const kv = () => testCluster().kv;
/** The default topology's node ids; the test cluster has the same shape. */
const nodeIds = nodeLocations(defaultTopology()).map((node) => node.id);

describe('a six-agent cluster', () => {
  it('serves a key through every agent, each read seeing the write before it', async () => {
    const key = 'greeting';
    for (let i = 0; i < nodeIds.length; i += 1) {
      const written = await putThrough(kv(), nodeIds[i]!, key, `hello ${i}`, `greeting-${i}`);
      expect(written.version).toBe(i + 1);
      expect(kv().replicasOf(key)).toContain(written.servedBy);
      const read = await getThrough(kv(), nodeIds[(i + 1) % nodeIds.length]!, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: `hello ${i}`,
        version: i + 1,
      });
    }
  });

  it('applies compare-and-set on the version and reports a conflict with the version found', async () => {
    const key = 'counter';
    const cas = (expectedVersion: number, value: string) =>
      ({ kind: 'cas', key, value: bytes(value), expectedVersion }) as const;
    expect((await kv().run(cas(0, '1'), { requestId: 'c1' })).reply.version).toBe(1);
    const stale = await failureOf(kv(), nodeIds[3]!, cas(0, 'x'), 'c2');
    expect(stale).toMatchObject({
      grpcCode: status.ABORTED,
      coreCode: 'VERSION_CONFLICT',
      currentVersion: 1,
    });
    await kv().run(cas(1, '2'), { requestId: 'c3' });
    expect(textOf((await getThrough(kv(), nodeIds[5]!, key)).value)).toBe('2');
  });

  it('deletes a key so that every agent reports it missing', async () => {
    await kv().run({ kind: 'put', key: 'doomed', value: bytes('x') }, { requestId: 'd1' });
    const deleted = await kv().run({ kind: 'delete', key: 'doomed' }, { requestId: 'd2' });
    expect(deleted.reply.version).toBe(2);
    for (const nodeId of nodeIds) expect((await getThrough(kv(), nodeId, 'doomed')).value).toBe(null);
  });

  it('answers a retried write with the same request id as a dedup, not a second write', async () => {
    const first = await putThrough(kv(), nodeIds[0]!, 'once', 'v', 'once-1');
    const again = await putThrough(kv(), nodeIds[4]!, 'once', 'v', 'once-1');
    expect(again.version).toBe(first.version);
  });

  it.each([
    ['an empty key', '', 1, 'key'],
    ['a key over 1024 bytes', 'k'.repeat(1025), 1, '1024'],
    ['a value over 1 MiB', 'big', 1024 * 1024 + 1, '1048576'],
  ])('refuses %s with INVALID_ARGUMENT naming the field and limit', async (_what, key, valueBytes, named) => {
    // Through a replica of the key and through an agent that would otherwise forward it.
    for (const nodeId of [nodeIds[0]!, nodeIds[5]!]) {
      const put = { kind: 'put', key, value: new Uint8Array(valueBytes), requestId: 'bad' } as const;
      const failure = await failureOf(kv(), nodeId, put);
      expect(failure).toMatchObject({ grpcCode: status.INVALID_ARGUMENT, coreCode: 'INVALID_ARGUMENT' });
      expect(failure.message).toContain(named);
    }
  });
});

describe('bad peer frames', () => {
  const target = () => testCluster().cluster.agent(nodeIds[0]!);
  const unknownSender = PeerFrame.encode({ from: 'mallory', messages: [] }).finish();

  it('ends a stream of random bytes with INVALID_ARGUMENT naming the frame', async () => {
    const stream = openRawPeerStream(target().address, testCluster().token);
    stream.write(Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));
    const ended = await stream.ended;
    stream.close();
    expect(ended.code).toBe(status.INVALID_ARGUMENT);
    expect(ended.details).toMatch(/^frame/);
  });

  it('ends a stream whose frame claims a node outside the topology with PERMISSION_DENIED', async () => {
    const stream = openRawPeerStream(target().address, testCluster().token);
    stream.write(unknownSender);
    const ended = await stream.ended;
    stream.close();
    expect(ended).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(ended.details).toContain('frame.from: "mallory" is not a peer');
  });

  it('drops a malformed message inside a good frame and keeps reading the stream', async () => {
    const stream = openRawPeerStream(target().address, testCluster().token);
    const peer = nodeIds[1]!;
    const dropped = target().waitForLine(new RegExp(`peer message from ${peer} dropped`), 5000);
    const noBody = { id: `${peer}:x`, to: nodeIds[0]!, key: 'k', index: 1, body: undefined };
    stream.write(PeerFrame.encode({ from: peer, messages: [noBody] }).finish());
    // The stream is still open: a later bad frame on it is the one that ends it.
    stream.write(unknownSender);
    expect((await stream.ended).code).toBe(status.PERMISSION_DENIED);
    stream.close();
    expect(await dropped).toContain('frame.messages[0]');
  });

  it('leaves the agent serving and consistent afterwards', async () => {
    expect(await healthOf(target().address)).toEqual({ serving: true, reason: '' });
    const status = await statusOf(target().address, testCluster().token);
    expect(status).toMatchObject({ nodeId: nodeIds[0], learnerOnly: false, syncRelaxed: false });
    await putThrough(kv(), nodeIds[0]!, 'greeting', 'after the storm', 'storm');
    for (const nodeId of nodeIds) {
      expect(textOf((await getThrough(kv(), nodeId, 'greeting')).value)).toBe('after the storm');
    }
  });
});
