import { describe, expect, it } from 'vitest';
import {
  commandChannel,
  commandNames,
  commands,
  eventChannel,
  isCommandName,
  parseCommandInput,
} from '../../../app/contract/console-contract';
import { ContractFailure } from '../../../app/contract/errors';
import { applyDelta, emptySnapshot, recentEventsMax } from '../../../app/contract/console-state';
import type { ClusterEvent } from '../../../app/model/cluster-event';

function failureOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractFailure) return error.error;
    throw error;
  }
  throw new Error('expected a ContractFailure');
}

describe('console contract', () => {
  it('derives one console:<name> channel per command and event', () => {
    expect(commandChannel('killNode')).toBe('console:killNode');
    expect(eventChannel('stateDelta')).toBe('console:stateDelta');
    expect(new Set(commandNames.map(commandChannel)).size).toBe(Object.keys(commands).length);
    expect(isCommandName('kv')).toBe(true);
    expect(isCommandName('toString')).toBe(false);
  });

  it('fills defaults into valid input', () => {
    expect(parseCommandInput('startCluster', {})).toEqual({ ports: 'free', sync: 'always' });
    expect(parseCommandInput('getNodeLog', { nodeId: 'n1' })).toEqual({ nodeId: 'n1', linesMax: 200 });
  });

  it('names the field and the limit of a bad input', () => {
    expect(failureOf(() => parseCommandInput('getNodeLog', { nodeId: 'n1', linesMax: 9000 }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'linesMax',
      limit: 5000,
    });
    const put = { kind: 'put', value: 'v' };
    expect(failureOf(() => parseCommandInput('kv', { nodeId: 'n1', operation: put }))).toMatchObject({
      field: 'operation.key',
    });
    const get = { kind: 'get', key: 'k' };
    expect(
      failureOf(() => parseCommandInput('kv', { nodeId: 'n1', operation: get, requestId: 'r1' })),
    ).toMatchObject({ field: 'requestId' });
    expect(failureOf(() => parseCommandInput('killNode', { nodeId: 'n1', extra: 1 }))).toMatchObject({
      code: 'INVALID_INPUT',
    });
    const topologyError = failureOf(() =>
      parseCommandInput('startCluster', { topology: { datacenters: [{ id: 'dc1', miniClusters: [] }] } }),
    );
    expect(topologyError.field).toMatch(/^topology\.datacenters/);
  });

  it('keeps a snapshot within recentEventsMax however many events arrive', () => {
    let snapshot = emptySnapshot(10);
    const event = (seq: number): ClusterEvent => ({ agent: 'n0', seq, timeMs: seq, type: 'nodePaused' });
    for (let seq = 1; seq <= 3; seq += 1) {
      const events = Array.from({ length: 1000 }, (_, i) => event((seq - 1) * 1000 + i + 1));
      snapshot = applyDelta(snapshot, { seq, change: { kind: 'events', events } });
    }
    expect(snapshot.seq).toBe(3);
    expect(snapshot.recentEvents).toHaveLength(recentEventsMax);
    expect(snapshot.recentEvents.at(-1)?.seq).toBe(3000);
  });
});
