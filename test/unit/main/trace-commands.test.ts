import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { formatTrace, parseTrace } from '../../../app/model/trace-format';
import { ConsoleService } from '../../../main/console/console-service';
import { call, refusal } from '../../integration/main/console-support';
import { elsewhereTopology } from '../../support/elsewhere-topology';

let service: ConsoleService;

beforeEach(() => {
  service = new ConsoleService({
    runsRoot: mkdtempSync(join(tmpdir(), 'trace-commands-')),
    recorderCapacity: 100,
  });
});

afterEach(async () => {
  await service.shutdown();
});

const elsewhere = () => elsewhereTopology(7100);

const paused = (agent: string, seq: number): ClusterEvent => ({
  agent,
  seq,
  timeMs: seq,
  type: 'nodePaused',
});

describe('trace commands', () => {
  it('imports a trace with the topology it names and exports it again under the same header', async () => {
    const events = [paused('east-a', 1), paused('west-b', 1)];
    await call(service, 'importTrace', {
      fileName: 'elsewhere.jsonl',
      text: formatTrace(events, elsewhere()),
    });
    const { cluster } = await call(service, 'getSnapshot', {});
    expect(cluster).toMatchObject({ mode: 'trace', traceName: 'elsewhere.jsonl' });
    expect(cluster.topology).toEqual(elsewhere());
    const exported = await call(service, 'exportTrace', {});
    expect(parseTrace(exported.text)).toEqual({ topology: elsewhere(), events });
  });

  it('exports no topology when no cluster ran, and imports such a file with none', async () => {
    const exported = await call(service, 'exportTrace', {});
    expect(parseTrace(exported.text)).toEqual({ topology: null, events: [] });
    await call(service, 'importTrace', { text: formatTrace([paused('n0', 1)]) });
    expect((await call(service, 'getSnapshot', {})).cluster.topology).toBeNull();
  });

  it('refuses a bad file naming the line and the field, and keeps what it had', async () => {
    await call(service, 'importTrace', { fileName: 'good.jsonl', text: formatTrace([paused('n0', 1)]) });
    const header = JSON.stringify({ format: 'paxoscope-trace', version: 1, topology: { datacenters: [] } });
    const badTopology = await refusal(service, 'importTrace', { text: `${header}\n` });
    expect(badTopology).toMatchObject({ code: 'INVALID_TRACE', field: 'text[line 1].topology.datacenters' });
    expect(badTopology.message).toMatch(/^line 1, topology.datacenters: .*3 datacenters/);
    const badEvent = await refusal(service, 'importTrace', {
      text: `${formatTrace([paused('n0', 1)])}${JSON.stringify({ ...paused('n0', 2), timeMs: 'soon' })}\n`,
    });
    expect(badEvent).toMatchObject({ code: 'INVALID_TRACE', field: 'text[line 3].timeMs' });
    expect((await call(service, 'getSnapshot', {})).cluster.traceName).toBe('good.jsonl');
  });
});
