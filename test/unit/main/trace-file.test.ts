import { describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../app/contract/errors';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { defaultTopology, validateTopology } from '../../../app/model/topology';
import { formatTrace, parseTrace, TraceFormatError } from '../../../app/model/trace-format';
import { readTrace } from '../../../main/agents/trace-file';

const event = (agent: string, seq: number): ClusterEvent => ({
  agent,
  seq,
  timeMs: seq,
  type: 'messageSent',
  messageId: `${agent}-${seq}`,
  messageType: 'prepare',
  peer: 'n1',
});

/** A topology unlike the embedded one: other node ids and datacenter names. */
const otherTopology = () => {
  let port = 7000;
  return {
    name: 'elsewhere',
    datacenters: ['east', 'west', 'north'].map((dc) => ({
      id: dc,
      miniClusters: [
        {
          id: `${dc}-1`,
          nodes: [
            { id: `${dc}-a`, port: port++ },
            { id: `${dc}-b`, port: port++ },
          ],
        },
      ],
    })),
  };
};

function failureOf(run: () => unknown): ContractFailure['error'] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractFailure);
    return (error as ContractFailure).error;
  }
  throw new Error('expected a failure');
}

describe('trace files', () => {
  it('round-trips the events and the topology they ran on, the header first', () => {
    const events = [
      event('n0', 1),
      event('n1', 1),
      { agent: 'n2', seq: 3, timeMs: 9, type: 'nodePaused' } as const,
    ];
    const text = formatTrace(events, defaultTopology());
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'paxoscope-trace', version: 1 });
    expect(readTrace(text)).toEqual({ topology: defaultTopology(), events });
  });

  it('keeps a topology other than the default one, and writes null when there was none', () => {
    const trace = readTrace(formatTrace([event('east-a', 1)], validateTopology(otherTopology())));
    expect(trace.topology?.name).toBe('elsewhere');
    expect(trace.topology?.datacenters.map((dc) => dc.id)).toEqual(['east', 'west', 'north']);
    expect(readTrace(formatTrace([event('n0', 1)])).topology).toBeNull();
  });

  it('reads a header-less trace (written before traces carried a topology) with no topology', () => {
    const text = [event('n0', 1), event('n0', 2)].map((line) => JSON.stringify(line)).join('\n');
    expect(readTrace(text)).toEqual({ topology: null, events: [event('n0', 1), event('n0', 2)] });
  });

  it('names the line and the field of the first bad event', () => {
    const text = `${formatTrace([event('n0', 1)])}\n${JSON.stringify({ ...event('n0', 2), seq: 0 })}\n`;
    expect(failureOf(() => readTrace(text))).toMatchObject({
      code: 'INVALID_TRACE',
      field: 'text[line 4].seq',
    });
    expect(failureOf(() => readTrace('{not json'))).toMatchObject({ field: 'text[line 1]' });
    expect(failureOf(() => readTrace('{not json')).message).toMatch(/not JSON/);
  });

  it('names the header field that is wrong: format, version or a topology field', () => {
    const header = (fields: object) =>
      `${JSON.stringify({ format: 'paxoscope-trace', version: 1, ...fields })}\n`;
    expect(failureOf(() => readTrace(header({ format: 'other' })))).toMatchObject({
      field: 'text[line 1].format',
    });
    const version = failureOf(() => readTrace(header({ version: 2 })));
    expect(version).toMatchObject({ field: 'text[line 1].version' });
    expect(version.message).toMatch(/version 1, got 2/);
    const badPort = otherTopology();
    badPort.datacenters[1]!.miniClusters[0]!.nodes[0]!.port = -3;
    expect(failureOf(() => readTrace(header({ topology: badPort })))).toMatchObject({
      field: 'text[line 1].topology.datacenters[1].miniClusters[0].nodes[0].port',
    });
  });

  it('says where in the file a renderer-side read went wrong', () => {
    expect(() => parseTrace('\n\n{"agent":"n0"}')).toThrow(TraceFormatError);
    expect(() => parseTrace('\n\n{"agent":"n0"}')).toThrow(/^line 3, /);
  });
});
