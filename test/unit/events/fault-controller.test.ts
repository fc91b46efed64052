import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { FaultModelError } from '../../../app/model/fault-model';
import type { PeerMessage } from '../../../app/paxos/types';
import type { AnyInput } from '../../../app/protocol/registry';
import { FaultController } from '../../../node-agent/process/control/fault-controller';
import { PausableInputs } from '../../../node-agent/process/control/pausable-inputs';
import { EventStream } from '../../../node-agent/process/events/event-stream';
import { FaultGate } from '../../../node-agent/process/transport/fault-gate';
import { fieldOf as fieldOfError } from '../../support/field-of';

const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];

function getChosen(from: string, to: string, n: number): PeerMessage {
  return { type: 'getChosen', id: `${from}:${n}`, from, to, key: 'k', index: 0 };
}

function makeController(self = 'n0') {
  const events = new EventStream(self, { ringCapacity: 100, watcherQueueMax: 100, now: () => 0 });
  const seen: ClusterEvent[] = [];
  events.watch(0, { write: (event) => (seen.push(event), true) });
  const stepped: AnyInput[] = [];
  const lost: string[] = [];
  const inputs = new PausableInputs(
    (input) => (stepped.push(input), true),
    ({ message }) => lost.push(message.id),
    2,
  );
  const gate = new FaultGate({ self, next: { send: () => undefined }, deliver: () => undefined, events });
  const controller = new FaultController(self, nodes, gate, inputs, events);
  return { controller, inputs, seen, stepped, lost };
}

const fieldOf = (run: () => unknown) => fieldOfError(FaultModelError, run);

describe('FaultController', () => {
  it('refuses bad parameters naming the field and the limit', () => {
    const { controller } = makeController();
    expect(
      fieldOf(() => controller.apply({ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: -5 } })),
    ).toBe('rule.delayMs | rule.delayMs: must be at least 0');
    expect(
      fieldOf(() => controller.apply({ kind: 'link', rule: { from: 'n0', to: 'n1', dropProbability: 1.5 } })),
    ).toBe('rule.dropProbability | rule.dropProbability: must be at most 1');
    expect(fieldOf(() => controller.apply({ kind: 'cut', from: 'n0', to: 'n9' }))).toBe(
      'to | to: no node "n9"',
    );
    expect(fieldOf(() => controller.apply({ kind: 'explode' }))).toMatch(/^kind \|/);
    expect(fieldOf(() => controller.set({ links: [{ from: 'n0', to: 'n1', jitterMs: 60_001 }] }))).toBe(
      'links[0].jitterMs | links[0].jitterMs: must be at most 60000 ms',
    );
    expect(fieldOf(() => controller.set({ paused: ['n0', 'x7'] }))).toBe(
      'paused[1] | paused[1]: no node "x7"',
    );
    expect(fieldOf(() => controller.set({ reachable: { n0: ['n1', 'zz'] } }))).toBe(
      'reachable.n0[1] | reachable.n0[1]: no node "zz"',
    );
    expect(fieldOf(() => controller.set({ hold: { all: false, links: [], heldAt: ['n1', 'q2'] } }))).toBe(
      'hold.heldAt[1] | hold.heldAt[1]: no node "q2"',
    );
  });

  it('applies a change, reports it, and answers with the state', () => {
    const { controller, seen } = makeController();
    const snapshot = controller.apply({
      kind: 'partition',
      split: {
        sides: [
          ['n0', 'n3'],
          ['n1', 'n4', 'n2', 'n5'],
        ],
      },
    });
    expect(snapshot.state.reachable.n0).toEqual(['n0', 'n3']);
    expect(snapshot.paused).toBe(false);
    expect(seen.at(-1)).toMatchObject({ type: 'faultApplied', description: 'partition n0 n3 | n1 n4 n2 n5' });
    expect(controller.set({}).state.reachable).toEqual({});
  });

  it('pauses only when the change names this node, and resumes stepping what waited', () => {
    const { controller, inputs, seen, stepped, lost } = makeController('n0');
    controller.apply({ kind: 'pause', node: 'n1' });
    expect(inputs.isPaused).toBe(false);
    controller.apply({ kind: 'pause', node: 'n0' });
    expect(seen.at(-1)?.type).toBe('nodePaused');
    expect(inputs.offer({ kind: 'tick', nowMs: 1 })).toBe(true);
    expect(inputs.offer({ kind: 'receive', message: getChosen('n1', 'n0', 1) })).toBe(true);
    expect(inputs.offer({ kind: 'receive', message: getChosen('n2', 'n0', 2) })).toBe(true);
    expect(inputs.offer({ kind: 'receive', message: getChosen('n2', 'n0', 3) })).toBe(false);
    expect(stepped).toEqual([]);
    expect(lost).toEqual(['n2:3']);
    expect(controller.snapshot()).toMatchObject({ paused: true, pausedInputs: 2 });
    controller.apply({ kind: 'resume', node: 'n0' });
    expect(seen.at(-1)?.type).toBe('nodeResumed');
    expect(stepped.map((input) => (input.kind === 'receive' ? input.message.id : input.kind))).toEqual([
      'n1:1',
      'n2:2',
    ]);
    expect(inputs.offer({ kind: 'tick', nowMs: 2 })).toBe(true);
    expect(stepped).toHaveLength(3);
  });
});
