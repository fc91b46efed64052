/**
 * Six real agents (the default topology's shape) on 127.0.0.1: reads and writes through every agent,
 * compare-and-set and delete, and bad input — over KvService and as peer frames — that must get a clear
 * error while the agent stays up and consistent.
 */
import { status } from '@grpc/grpc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PeerFrame } from '../../app/proto/generated/peer_messages';
import { createControlClient, probeHealth } from '../../node-agent/launcher/health-probe';
import { callUnary } from '../../node-agent/transport/unary-call';
import { bytes, failureOf, getThrough, putThrough, textOf } from '../support/kv-expect';
import { openRawPeerStream } from '../support/raw-peer-stream';
import { startTestCluster, type TestCluster } from '../support/test-cluster';

let test: TestCluster;
let nodeIds: string[];

beforeAll(async () => {
  test = await startTestCluster('cluster-kv');
  nodeIds = test.cluster.nodes.map((node) => node.id);
}, 60_000);

describe('a six-agent cluster', () => {
  it('serves every key through every agent, each read seeing the write before it', async () => {
    const key = 'greeting';
    for (let i = 0; i < nodeIds.length; i += 1) {
      const writer = nodeIds[i]!;
      const reader = nodeIds[(i + 1) % nodeIds.length]!;
      const written = await putThrough(test.kv, writer, key, `hello ${i}`, `greeting-${i}`);
      expect(written.version).toBe(i + 1);
      expect(test.kv.replicasOf(key)).toContain(written.servedBy);
      const read = await getThrough(test.kv, reader, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: `hello ${i}`,
        version: i + 1,
      });
    }
  });

  it('applies compare-and-set on the version and reports a conflict with the version found', async () => {
    const key = 'counter';
    const first = await test.kv.run({
      kind: 'cas',
      key,
      value: bytes('1'),
      expectedVersion: 0,
      requestId: 'c1',
    });
    expect(first.result.response.version).toBe(1);
    const stale = await failureOf(test.kv, nodeIds[3]!, {
      kind: 'cas',
      key,
      value: bytes('x'),
      expectedVersion: 0,
      requestId: 'c2',
    });
    expect(stale).toMatchObject({
      grpcCode: status.ABORTED,
      coreCode: 'VERSION_CONFLICT',
      currentVersion: 1,
    });
    await test.kv.run({ kind: 'cas', key, value: bytes('2'), expectedVersion: 1, requestId: 'c3' });
    expect(textOf((await getThrough(test.kv, nodeIds[5]!, key)).value)).toBe('2');
  });

  it('deletes a key so that every agent reports it missing', async () => {
    await test.kv.run({ kind: 'put', key: 'doomed', value: bytes('x'), requestId: 'd1' });
    const deleted = await test.kv.run({ kind: 'delete', key: 'doomed', requestId: 'd2' });
    expect(deleted.result.response.version).toBe(2);
    for (const nodeId of nodeIds) expect((await getThrough(test.kv, nodeId, 'doomed')).found).toBe(false);
  });

  it('answers a retried write with the same request id as a dedup, not a second write', async () => {
    const first = await putThrough(test.kv, nodeIds[0]!, 'once', 'v', 'once-1');
    const again = await putThrough(test.kv, nodeIds[4]!, 'once', 'v', 'once-1');
    expect(again.version).toBe(first.version);
  });

  it.each([
    ['an empty key', '', 1, 'key'],
    ['a key over 1024 bytes', 'k'.repeat(1025), 1, '1024'],
    ['a value over 1 MiB', 'big', 1024 * 1024 + 1, '1048576'],
  ])('refuses %s with INVALID_ARGUMENT naming the field and limit', async (_what, key, valueBytes, named) => {
    for (const nodeId of [nodeIds[0]!, nodeIds[5]!]) {
      const failure = await failureOf(test.kv, nodeId, {
        kind: 'put',
        key,
        value: new Uint8Array(valueBytes),
        requestId: 'bad',
      });
      expect(failure.grpcCode).toBe(status.INVALID_ARGUMENT);
      expect(failure.coreCode).toBe('INVALID_ARGUMENT');
      expect(failure.message).toContain(named);
    }
  });
});

describe('bad peer frames', () => {
  const target = () => test.cluster.agent(nodeIds[0]!);

  it('ends a stream of random bytes with INVALID_ARGUMENT naming the frame', async () => {
    const stream = openRawPeerStream(target().address);
    stream.write(Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));
    const ended = await stream.ended;
    stream.close();
    expect(ended.code).toBe(status.INVALID_ARGUMENT);
    expect(ended.details).toMatch(/^frame/);
  });

  it('ends a stream whose frame claims a node outside the topology with PERMISSION_DENIED', async () => {
    const stream = openRawPeerStream(target().address);
    stream.write(PeerFrame.encode({ from: 'mallory', messages: [] }).finish());
    const ended = await stream.ended;
    stream.close();
    expect(ended).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(ended.details).toContain('frame.from: "mallory" is not a peer');
  });

  it('drops a malformed message inside a good frame and keeps reading the stream', async () => {
    const stream = openRawPeerStream(target().address);
    const peer = nodeIds[1]!;
    stream.write(
      PeerFrame.encode({
        from: peer,
        messages: [{ id: `${peer}:x`, to: nodeIds[0]!, key: 'k', index: 1, body: undefined }],
      }).finish(),
    );
    // The stream is still open: a later bad frame on it is the one that ends it.
    stream.write(PeerFrame.encode({ from: 'mallory', messages: [] }).finish());
    expect((await stream.ended).code).toBe(status.PERMISSION_DENIED);
    stream.close();
    expect(target().output()).toMatch(new RegExp(`peer message from ${peer} dropped`));
  });

  it('leaves the agent serving and consistent afterwards', async () => {
    const control = createControlClient(target().address);
    try {
      expect(await probeHealth(control, 2000)).toEqual({ serving: true, reason: '' });
      const status = await callUnary(control.getStatus.bind(control), {}, { timeoutMs: 2000 });
      expect(status).toMatchObject({ nodeId: nodeIds[0], learnerOnly: false, syncRelaxed: false });
    } finally {
      control.close();
    }
    await putThrough(test.kv, nodeIds[0]!, 'greeting', 'after the storm', 'storm');
    for (const nodeId of nodeIds) {
      expect(textOf((await getThrough(test.kv, nodeId, 'greeting')).value)).toBe('after the storm');
    }
  });
});
