import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldError } from '../../../app/util/field-error';
import {
  LengthPrefixedReader,
  withLengthPrefix,
} from '../../../node-agent/process/transport/length-prefixed';
import {
  LoopbackPeerListener,
  type LoopbackStream,
} from '../../../node-agent/process/transport/loopback-peer-listener';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('LengthPrefixedReader', () => {
  it('cuts frames back out of chunks split anywhere, an empty frame included', () => {
    const frames: string[] = [];
    const reader = new LengthPrefixedReader(100, (frame) => frames.push(frame.toString('latin1')));
    const stream = Buffer.concat([
      withLengthPrefix(bytes('hello')),
      withLengthPrefix(bytes('')),
      withLengthPrefix(bytes('peer')),
    ]);
    for (let at = 0; at < stream.length; at += 3) reader.push(stream.subarray(at, at + 3));
    expect(frames).toEqual(['hello', '', 'peer']);
  });

  it('refuses a length above its limit with a FieldError naming it', () => {
    const reader = new LengthPrefixedReader(4, () => undefined);
    expect(() => reader.push(withLengthPrefix(bytes('too long')))).toThrow(FieldError);
    expect(() =>
      new LengthPrefixedReader(4, () => undefined).push(withLengthPrefix(bytes('long'))),
    ).not.toThrow();
  });
});

describe('LoopbackPeerListener', () => {
  let listener: LoopbackPeerListener;
  afterEach(() => listener.close());

  /** A stream that records its frames and resolves `failed` when the listener ends it. */
  function recordingStream() {
    const frames: string[] = [];
    let fail: (error: unknown) => void = () => undefined;
    const failed = new Promise<unknown>((resolve) => (fail = resolve));
    const stream: LoopbackStream = { onFrame: (frame) => frames.push(frame.toString('latin1')), fail };
    return { frames, failed, stream };
  }

  async function dial(): Promise<Socket> {
    for (let tries = 0; listener.port === null && tries < 100; tries += 1)
      await new Promise((r) => setTimeout(r, 5));
    const socket = connect({ port: listener.port!, host: '127.0.0.1' });
    await new Promise((resolve) => socket.on('connect', resolve));
    return socket;
  }

  it('hands the frames after an issued ticket to its stream, and ends the stream when the socket closes', async () => {
    listener = new LoopbackPeerListener();
    const { frames, failed, stream } = recordingStream();
    const { ticket } = listener.issue(stream);
    const socket = await dial();
    socket.write(Buffer.concat([withLengthPrefix(bytes(ticket)), withLengthPrefix(bytes('frame-1'))]));
    socket.write(withLengthPrefix(bytes('frame-2')));
    await expect.poll(() => frames).toEqual(['frame-1', 'frame-2']);
    socket.destroy();
    await expect(failed).resolves.toBeInstanceOf(Error);
  });

  it('closes a socket that opens without a ticket it issued, and a ticket works once', async () => {
    listener = new LoopbackPeerListener();
    const { frames, stream } = recordingStream();
    const { ticket } = listener.issue(stream);
    const stranger = await dial();
    stranger.write(withLengthPrefix(bytes('0'.repeat(32))));
    stranger.write(withLengthPrefix(bytes('frame')));
    await new Promise((resolve) => stranger.on('close', resolve));
    const first = await dial();
    first.write(withLengthPrefix(bytes(ticket)));
    const second = await dial();
    second.write(Buffer.concat([withLengthPrefix(bytes(ticket)), withLengthPrefix(bytes('late'))]));
    await new Promise((resolve) => second.on('close', resolve));
    expect(frames).toEqual([]);
    first.destroy();
  });

  it("closes the socket when the stream ends (the stream's end comes from gRPC)", async () => {
    listener = new LoopbackPeerListener();
    const { stream } = recordingStream();
    const issued = listener.issue(stream);
    const socket = await dial();
    socket.write(withLengthPrefix(bytes(issued.ticket)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    issued.end();
    await new Promise((resolve) => socket.on('close', resolve));
  });
});
