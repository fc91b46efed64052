import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { PeerMessage } from '../../../app/paxos/types';
import type { AnyMessage } from '../../../app/protocol/registry';
import { decodePeerFrame, encodePeerFrame } from '../../../app/proto/codec';
import { PeerFrame } from '../../../app/proto/generated/peer_messages';
import { BatchingPeerSender, type PeerLinkWriter } from '../../../node-agent/process/transport/peer-sender';
import { FrameRejected, PeerFrameReceiver } from '../../../node-agent/process/transport/peer-server';

function getChosen(from: string, to: string, key: string): PeerMessage {
  return { type: 'getChosen', id: `${from}:${key}`, from, to, key, index: 0 };
}

/** A link that records the frames written to it, or refuses them all when down. */
class RecordingLink implements PeerLinkWriter {
  readonly frames: Uint8Array[] = [];
  constructor(private readonly up = true) {}
  writeFrame(frame: Uint8Array): boolean {
    if (this.up) this.frames.push(frame);
    return this.up;
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchingPeerSender', () => {
  it('sends everything released in one turn as one frame per peer', async () => {
    const links = new Map([
      ['n1', new RecordingLink()],
      ['n2', new RecordingLink()],
    ]);
    const sender = new BatchingPeerSender('n0', links);
    sender.send([getChosen('n0', 'n1', 'a'), getChosen('n0', 'n2', 'a')]);
    sender.send([getChosen('n0', 'n1', 'b')]);
    await nextTurn();
    const toN1 = links.get('n1')!.frames.map((frame) => decodePeerFrame(frame).messages.map((m) => m.key));
    expect(toN1).toEqual([['a', 'b']]);
    expect(links.get('n2')!.frames).toHaveLength(1);
    expect(sender.stats).toEqual({ framesSent: 2, messagesSent: 3, messagesDropped: 0 });
    sender.send([getChosen('n0', 'n1', 'c')]);
    await nextTurn();
    expect(links.get('n1')!.frames).toHaveLength(2);
  });

  it('counts messages for a link that is down or a node it has no link to as dropped', async () => {
    const sender = new BatchingPeerSender('n0', new Map([['n1', new RecordingLink(false)]]));
    sender.send([getChosen('n0', 'n1', 'a'), getChosen('n0', 'n1', 'b'), getChosen('n0', 'n9', 'c')]);
    await nextTurn();
    expect(sender.stats).toEqual({ framesSent: 0, messagesSent: 0, messagesDropped: 3 });
  });
});

describe('PeerFrameReceiver', () => {
  const receiverWith = () => {
    const delivered: AnyMessage[] = [];
    const logged: string[] = [];
    const receiver = new PeerFrameReceiver(
      'n0',
      new Set(['n1', 'n2']),
      (message) => delivered.push(message),
      (line) => logged.push(line),
    );
    return { receiver, delivered, logged };
  };
  const rejection = (receive: () => void): FrameRejected => {
    try {
      receive();
    } catch (error) {
      if (error instanceof FrameRejected) return error;
      throw error;
    }
    throw new Error('the frame was accepted');
  };

  it('delivers the messages of a good frame', () => {
    const { receiver, delivered } = receiverWith();
    receiver.receive(
      Buffer.from(encodePeerFrame('n1', [getChosen('n1', 'n0', 'a'), getChosen('n1', 'n0', 'b')])),
    );
    expect(delivered.map((message) => message.key)).toEqual(['a', 'b']);
    expect(receiver.stats).toMatchObject({ framesReceived: 1, messagesReceived: 2 });
  });

  it('refuses bytes that are not a frame with INVALID_ARGUMENT naming the field', () => {
    const { receiver, delivered, logged } = receiverWith();
    const refused = rejection(() => receiver.receive(Buffer.from([0xff, 0xff, 0xff, 0xff])));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.field).toBe('frame');
    expect(delivered).toEqual([]);
    expect(receiver.stats.framesRejected).toBe(1);
    expect(logged[0]).toContain('peer frame rejected');
  });

  it('refuses a frame from a node outside the topology with PERMISSION_DENIED', () => {
    const { receiver } = receiverWith();
    const frame = Buffer.from(encodePeerFrame('n7', [getChosen('n7', 'n0', 'a')]));
    const refused = rejection(() => receiver.receive(frame));
    expect(refused.code).toBe(status.PERMISSION_DENIED);
    expect(refused.message).toBe('frame.from: "n7" is not a peer in the topology');
  });

  it('drops a malformed or misaddressed message and keeps the rest of the frame', () => {
    const { receiver, delivered } = receiverWith();
    const good = encodePeerFrame('n1', [getChosen('n1', 'n2', 'elsewhere'), getChosen('n1', 'n0', 'kept')]);
    const wire = PeerFrame.decode(good);
    wire.messages.push({ id: 'n1:bad', to: 'n0', key: 'k', index: 1, body: undefined });
    receiver.receive(Buffer.from(PeerFrame.encode(wire).finish()));
    expect(delivered.map((message) => message.key)).toEqual(['kept']);
    expect(receiver.stats).toMatchObject({ messagesReceived: 1, messagesRejected: 2, framesRejected: 0 });
  });
});
