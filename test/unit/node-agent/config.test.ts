import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../../node-agent/process/agent-config';
import { UsageError } from '../../../node-agent/kit/cli/flags';

const dir = mkdtempSync(join(tmpdir(), 'paxoscope-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fieldOf(argv: string[]): string {
  try {
    parseAgentConfig(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.field;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('agent flags', () => {
  it('defaults to the embedded topology, 127.0.0.1, synced writes, voting', () => {
    const config = parseAgentConfig(['--node', 'n3', '--data-dir', '/tmp/x']);
    expect(config).not.toBe('help');
    if (config === 'help') return;
    expect(config.node).toMatchObject({ id: 'n3', port: 7404, datacenterId: 'dc1' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      sync: 'always',
      learnerOnly: false,
      dataDir: '/tmp/x',
    });
  });

  it('reads every flag', () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'datacenters: [' + [0, 1, 2].map(dcYaml).join(', ') + ']\n');
    const argv = ['--topology', file, '--node', 'b2', '--data-dir', 'd', '--host', '0.0.0.0'];
    const config = parseAgentConfig([...argv, '--learner-only', '--sync', 'never', '--exit-with-parent']);
    expect(config).toMatchObject({ host: '0.0.0.0', sync: 'never', learnerOnly: true, exitWithParent: true });
    expect(config !== 'help' && config.node.port).toBe(9105);
  });

  it('answers --help', () => {
    expect(parseAgentConfig(['--help'])).toBe('help');
  });

  it.each([
    [['--data-dir', 'd'], '--node'],
    [['--node', 'n0'], '--data-dir'],
    [['--node', 'n9', '--data-dir', 'd'], '--node'],
    [['--node', 'n0', '--data-dir', 'd', '--sync', 'sometimes'], '--sync'],
    [['--node', 'n0', '--data-dir', 'd', '--colour'], '--colour'],
    [['--node', 'n0', '--data-dir'], '--data-dir'],
    [['--node', '', '--data-dir', 'd'], '--node'],
    [['--node', 'n0', '--data-dir', 'd', 'extra'], '(arguments)'],
    [['--node', 'n0', '--data-dir', 'd', '--topology', join(dir, 'missing.yaml')], '--topology'],
  ])('names the flag at fault in %j', (argv, field) => {
    expect(fieldOf(argv)).toBe(field);
  });

  it('names the topology field at fault', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'datacenters: [' + [dcYaml(0), dcYaml(1), dcYaml(2).replace('9105', '99999')].join(', ') + ']',
    );
    expect(fieldOf(['--topology', file, '--node', 'a0', '--data-dir', 'd'])).toBe(
      'datacenters[2].miniClusters[0].nodes[1].port',
    );
  });
});

function dcYaml(d: number): string {
  const nodes = ['a', 'b'].map((name, slot) => `{id: ${name}${d}, port: ${9100 + d + 3 * slot}}`);
  return `{id: dc${d}, miniClusters: [{id: m${d}, nodes: [${nodes.join(', ')}]}]}`;
}
