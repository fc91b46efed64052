import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePeerFrame,
  encodePeerFrame,
  peerFrameFromWire,
  peerFrameToWire,
  peerMessageFromWire,
  peerMessageToWire,
} from '../../../app/proto/codec';
import { PeerFrame, type PeerMessage as WirePeerMessage } from '../../../app/proto/generated/peer_messages';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import type { PeerMessage } from '../../../app/paxos/types';
import { peerBatchArbitrary } from './peer-message-arbitraries';

const prepare: PeerMessage = {
  type: 'prepare',
  id: 'n1:7',
  from: 'n1',
  to: 'n2',
  key: 'k',
  index: 3,
  ballot: { counter: 2, role: 1 },
};

/** Calls `run` and returns the WireFormatError it throws; fails the test on any other outcome. */
function wireErrorOf(run: () => unknown): WireFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WireFormatError);
    return error as WireFormatError;
  }
  throw new Error('expected a WireFormatError, but nothing was thrown');
}

function wireOf(message: PeerMessage): WirePeerMessage {
  return peerMessageToWire(message);
}

describe('peer message codec', () => {
  it('round-trips every message kind through frame bytes', () => {
    fc.assert(
      fc.property(peerBatchArbitrary, ({ from, messages }) => {
        const decoded = decodePeerFrame(encodePeerFrame(from, messages));
        expect(decoded).toEqual({ from, messages, rejected: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('decodes value bytes into a plain Uint8Array that does not alias the input', () => {
    const chosen: PeerMessage = {
      ...prepare,
      type: 'chosen',
      value: {
        requestId: 'r1',
        owner: 'n1',
        version: 4,
        deleted: false,
        data: new Uint8Array([1, 2, 3]),
        requests: [{ requestId: 'r0', version: 3, index: 2 }],
      },
    };
    const bytes = encodePeerFrame('n1', [chosen]);
    const decoded = decodePeerFrame(bytes).messages[0];
    bytes.fill(0);
    expect(decoded?.type === 'chosen' && decoded.value.data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('turns random bytes into a WireFormatError or a frame, never another throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodePeerFrame(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(WireFormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('turns corrupted valid frames into a WireFormatError or a frame, never another throw', () => {
    const corrupted = peerBatchArbitrary.chain(({ from, messages }) => {
      const bytes = encodePeerFrame(from, messages);
      return fc
        .array(fc.tuple(fc.nat(Math.max(bytes.length - 1, 0)), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        })
        .map((flips) => {
          const copy = bytes.slice();
          for (const [at, value] of flips) if (copy.length > 0) copy[at] = value;
          return copy;
        });
    });
    fc.assert(
      fc.property(corrupted, (bytes) => {
        try {
          const frame = decodePeerFrame(bytes);
          for (const error of frame.rejected) expect(error).toBeInstanceOf(WireFormatError);
        } catch (error) {
          expect(error).toBeInstanceOf(WireFormatError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('names a message with no type set', () => {
    const error = wireErrorOf(() => peerMessageFromWire({ ...wireOf(prepare), body: undefined }, 'n1'));
    expect(error.field).toBe('message.body');
  });

  it('treats a message type from a newer version (unknown field number) as no type', () => {
    // Frame { from: "n1", messages: [{ field 99: empty message }] }: a type this version does not know.
    const unknownBody = new Uint8Array([0x0a, 0x02, 0x6e, 0x31, 0x12, 0x03, 0x9a, 0x06, 0x00]);
    const frame = decodePeerFrame(unknownBody);
    expect(frame.messages).toEqual([]);
    expect(frame.rejected.map((error) => error.field)).toEqual(['frame.messages[0].body']);
  });

  it('names a missing ballot', () => {
    const wire: WirePeerMessage = {
      ...wireOf(prepare),
      body: { $case: 'prepare', value: { ballot: undefined } },
    };
    expect(wireErrorOf(() => peerMessageFromWire(wire, 'n1')).field).toBe('message.prepare.ballot');
  });

  it('names a negative index and a fractional ballot counter', () => {
    expect(wireErrorOf(() => peerMessageFromWire({ ...wireOf(prepare), index: -1 }, 'n1')).field).toBe(
      'message.index',
    );
    const wire: WirePeerMessage = {
      ...wireOf(prepare),
      body: { $case: 'prepare', value: { ballot: { counter: 1.5, role: 1 } } },
    };
    expect(wireErrorOf(() => peerMessageFromWire(wire, 'n1')).field).toBe('message.prepare.ballot.counter');
  });

  it('names a role above its limit', () => {
    const wire: WirePeerMessage = {
      ...wireOf(prepare),
      body: { $case: 'prepare', value: { ballot: { counter: 1, role: 256 } } },
    };
    const error = wireErrorOf(() => peerMessageFromWire(wire, 'n1'));
    expect(error.field).toBe('message.prepare.ballot.role');
    expect(error.message).toContain('0..255');
  });

  it('names bad node ids in to, in a value owner and in the frame sender', () => {
    expect(wireErrorOf(() => peerMessageFromWire({ ...wireOf(prepare), to: '9lives' }, 'n1')).field).toBe(
      'message.to',
    );
    const chosen: PeerMessage = {
      ...prepare,
      type: 'chosen',
      value: {
        requestId: '',
        owner: 'n 1',
        version: 0,
        deleted: false,
        data: new Uint8Array(),
        requests: [],
      },
    };
    expect(wireErrorOf(() => peerMessageFromWire(wireOf(chosen), 'n1')).field).toBe(
      'message.chosen.value.owner',
    );
    expect(wireErrorOf(() => peerFrameFromWire({ from: '', messages: [] })).field).toBe('frame.from');
  });

  it('requires an accepted value exactly when an accepted ballot is reported', () => {
    const promise: PeerMessage = {
      ...prepare,
      type: 'promise',
      ok: true,
      promised: { counter: 2, role: 1 },
      accepted: { counter: 1, role: 2 },
      value: null,
    };
    expect(wireErrorOf(() => peerMessageFromWire(wireOf(promise), 'n1')).field).toBe('message.promise.value');
  });

  it('names an oversized key and a key-scan limit out of range', () => {
    const longKey = 'x'.repeat(65_537);
    const keyError = wireErrorOf(() => peerMessageFromWire({ ...wireOf(prepare), key: longKey }, 'n1'));
    expect(keyError.field).toBe('message.key');
    expect(keyError.message).toContain('65536');
    const scan: PeerMessage = { ...prepare, type: 'keyScan', afterKey: '', limit: 0 };
    expect(wireErrorOf(() => peerMessageFromWire(wireOf(scan), 'n1')).field).toBe('message.keyScan.limit');
  });

  it('keeps the good messages of a frame and rejects the bad one by position', () => {
    const frame = peerFrameToWire('n1', [prepare, { ...prepare, id: 'n1:8' }]);
    const bad = frame.messages[0];
    if (bad === undefined) throw new Error('frame lost a message');
    frame.messages[0] = { ...bad, to: '' };
    const decoded = peerFrameFromWire(frame);
    expect(decoded.messages).toEqual([{ ...prepare, id: 'n1:8' }]);
    expect(decoded.rejected.map((error) => error.field)).toEqual(['frame.messages[0].to']);
  });

  it('refuses to frame a message from another sender', () => {
    expect(() => peerFrameToWire('n2', [prepare])).toThrow(/from n2 cannot carry message n1:7 from n1/);
  });

  it('reports an integer too large for a number as a frame error', () => {
    const bytes = PeerFrame.encode({
      from: 'n1',
      messages: [{ ...wireOf(prepare), index: Number.MAX_SAFE_INTEGER }],
    }).finish();
    // Raise the index varint's top byte so it decodes past 2^53.
    const tampered = bytes.slice();
    tampered[tampered.indexOf(0x0f)] = 0x7f;
    const error = wireErrorOf(() => decodePeerFrame(tampered));
    expect(error.field).toBe('frame');
    expect(error.reason).toContain('MAX_SAFE_INTEGER');
  });
});
