import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../node-agent/kit/cli/flags';
import { parseKvCliCommand } from '../../../node-agent/kit/client/kv-command';
import { fillKeys } from '../../../node-agent/kit/client/kv-fill';
import { answerOk, startScriptedKvServer, type ScriptedKvServer } from '../../support/scripted-kv-server';

const servers: ScriptedKvServer[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.stop()));

describe('npm run kv -- fill', () => {
  it('writes every key once, each with its own request id, many to a message on the Pipeline stream', async () => {
    const server = await startScriptedKvServer(answerOk, { pipeline: 'serve' });
    servers.push(server);
    const port = server.address.split(':')[1]!;
    const argv = ['fill', 'f-', '300', '--node', 'n0', '--base-port', port, '--in-flight', '50'];
    const command = parseKvCliCommand(argv);
    if (command === 'help' || command.type !== 'fill') throw new Error('not parsed as a fill');
    expect(command).toMatchObject({ prefix: 'f-', count: 300, inFlight: 50, valueBytes: 120 });
    const result = await fillKeys(command);
    expect(result).toMatchObject({ written: 300, failed: [] });
    const keys = server.seen.map((seen) => seen.op.value.key);
    expect(new Set(keys).size).toBe(300);
    expect(keys).toContain('f-299');
    expect(server.seen.every((seen) => seen.via === 'pipeline' && seen.op.$case === 'put')).toBe(true);
    const requestIds = server.seen.map((seen) => (seen.op.$case === 'put' ? seen.op.value.requestId : ''));
    expect(new Set(requestIds).size).toBe(300);
    expect(server.batches, 'writes of one turn share a message').toBeLessThan(300);
  });

  it('names COUNT when it is not a whole number in range', () => {
    for (const count of ['x', '0', '1.5']) {
      const error: unknown = (() => {
        try {
          parseKvCliCommand(['fill', 'p', count]);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).field).toBe('COUNT');
    }
  });
});
