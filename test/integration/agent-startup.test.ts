import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAgent } from '../support/run-agent';
import { tempDir } from '../support/temp-dir';

const dir = tempDir('startup');

/** A three-datacenter topology whose node b2 has the given port text. */
function topologyWithPort(portText: string): string {
  const dc = (d: number, port: string) =>
    `  - id: dc${d}\n    miniClusters:\n      - id: m${d}\n        nodes:\n` +
    `          - {id: a${d}, port: ${8100 + d}}\n          - {id: b${d}, port: ${port}}\n`;
  return `name: startup\ndatacenters:\n${dc(1, '8111')}${dc(2, portText)}${dc(3, '8113')}`;
}

// Flag parsing is covered case by case in test/unit/node-agent/config.test.ts; these runs prove the
// real process turns each kind of mistake into exit code 2 and a message naming the field.
describe.concurrent('agent start-up', () => {
  it('exits 2 naming the topology field when the topology file is malformed', async () => {
    const file = join(dir, 'bad-port.yaml');
    writeFileSync(file, topologyWithPort('not-a-port'));
    const run = await runAgent(['--topology', file, '--node', 'a1', '--data-dir', join(dir, 'a1')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('datacenters[1].miniClusters[0].nodes[1].port');
    expect(run.stderr).toContain(file);
  });

  it('exits 2 naming the flag when a flag is wrong', async () => {
    const run = await runAgent(['--node', 'n0', '--data-dir', join(dir, 'n0'), '--sync', 'sometimes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--sync: must be one of always, never; got "sometimes"');
  });

  it('prints its usage on --help and exits 0', async () => {
    const run = await runAgent(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--learner-only');
  });
});
