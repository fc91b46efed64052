/**
 * Bad input names the field and the limit it broke, the same way at every boundary: a topology (file,
 * console command, agent flag), a fault change (model, console, ControlService), a console command and
 * an agent flag, and a wire message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandInput } from '../../app/contract/console-contract';
import { ContractFailure } from '../../app/contract/errors';
import { FaultModelError, validateFaultChange } from '../../app/model/fault-model';
import { defaultTopology, TopologyError, validateTopology } from '../../app/model/topology';
import { keyBytesMax } from '../../app/paxos/config';
import { controlFieldMetadataKey } from '../../app/proto/control-metadata';
import { checkKey } from '../../app/proto/wire-checks';
import { FieldError } from '../../app/util/field-error';
import { topologyFromInput } from '../../main/console/topology-input';
import { FaultPlan } from '../../main/faults/fault-plan';
import { UsageError } from '../../node-agent/kit/cli/flags';
import { parseAgentConfig } from '../../node-agent/process/agent-config';
import { toControlError } from '../../node-agent/process/control/control-handler';
import { thrown } from '../support/field-of';

const dir = mkdtempSync(join(tmpdir(), 'paxoscope-boundary-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const portField = 'datacenters[0].miniClusters[0].nodes[0].port';
const portReason = 'Too big: expected number to be <=65535';

/** The default topology with its first node on port 70000. */
function badPortTopology(): unknown {
  const topology = JSON.parse(JSON.stringify(defaultTopology())) as {
    datacenters: { miniClusters: { nodes: { port: number }[] }[] }[];
  };
  topology.datacenters[0]!.miniClusters[0]!.nodes[0]!.port = 70_000;
  return topology;
}

/** The FieldError `run` throws. */
function caught(run: () => unknown): FieldError {
  return thrown(FieldError, run);
}

describe('bad input names the field and the limit', () => {
  it('a topology: the model, the console command and the agent flag', () => {
    const model = caught(() => validateTopology(badPortTopology()));
    expect(model).toBeInstanceOf(TopologyError);
    expect(model).toMatchObject({ field: portField, limit: 65_535, message: `${portField}: ${portReason}` });
    const limits = caught(() => validateTopology({ ...defaultTopology(), limits: { keyBytesMax: 70_000 } }));
    expect(limits).toMatchObject({ field: 'limits.keyBytesMax', limit: keyBytesMax });
    expect(limits.message).toBe('limits.keyBytesMax: Too big: expected number to be <=65536');

    const command = caught(() => topologyFromInput({ topologyText: JSON.stringify(badPortTopology()) }));
    expect(command).toBeInstanceOf(ContractFailure);
    expect((command as ContractFailure).error).toEqual({
      code: 'INVALID_INPUT',
      field: `topologyText.${portField}`,
      limit: 65_535,
      message: portReason,
    });

    const file = join(dir, 'bad-port.json');
    writeFileSync(file, JSON.stringify(badPortTopology()));
    const flag = caught(() => parseAgentConfig(['--topology', file, '--node', 'n0', '--data-dir', 'd']));
    expect(flag).toBeInstanceOf(UsageError);
    expect(flag).toMatchObject({ field: portField, limit: 65_535 });
    expect(flag.message).toBe(`${portField}: ${portReason} (in ${file})`);
  });

  it('a fault change: the model, the console and ControlService', async () => {
    const change = { kind: 'link', rule: { from: '*', to: '*', dropProbability: 1.5 } } as const;
    const model = caught(() => validateFaultChange(change, ['n0', 'n1']));
    expect(model).toBeInstanceOf(FaultModelError);
    expect(model).toMatchObject({ field: 'rule.dropProbability', limit: 1 });
    expect(model.message).toBe('rule.dropProbability: must be at most 1');

    const command = thrown(ContractFailure, () => parseCommandInput('applyFault', { change }));
    expect(command.error).toEqual({
      code: 'INVALID_INPUT',
      field: 'change.rule.dropProbability',
      limit: 1,
      message: 'must be at most 1',
    });
    // The console's own check against the cluster's nodes names the field under `change` too.
    const cut = { kind: 'cut', from: 'n0', to: 'n9' } as const;
    const refused = await new FaultPlan(new Map()).apply(cut).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ContractFailure);
    expect((refused as ContractFailure).error).toEqual({
      code: 'INVALID_INPUT',
      field: 'change.from',
      message: 'no node "n0"',
    });

    const answer = toControlError(model);
    expect(answer).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'rule.dropProbability: must be at most 1',
    });
    expect(answer.metadata?.get(controlFieldMetadataKey)).toEqual(['rule.dropProbability']);
  });

  it('a console command', () => {
    const failure = caught(() =>
      parseCommandInput('inspectKey', { nodeId: 'n1', key: 'k'.repeat(keyBytesMax + 1) }),
    );
    expect(failure).toBeInstanceOf(ContractFailure);
    expect((failure as ContractFailure).error).toEqual({
      code: 'INVALID_INPUT',
      field: 'key',
      limit: keyBytesMax,
      message: 'Too big: expected string to have <=65536 characters',
    });
    expect(failure.message).toBe('key: Too big: expected string to have <=65536 characters');
  });

  it('an agent flag', () => {
    const low = caught(() => parseAgentConfig(['--node', 'n0', '--data-dir', 'd', '--events-ring', '8']));
    expect(low).toBeInstanceOf(UsageError);
    expect(low).toMatchObject({ field: '--events-ring', limit: 16 });
    expect(low.message).toBe('--events-ring: must be an integer from 16 to 1000000, got "8"');
    const high = caught(() =>
      parseAgentConfig(['--node', 'n0', '--data-dir', 'd', '--events-queue', '2000000']),
    );
    expect(high).toMatchObject({ field: '--events-queue', limit: 1_000_000 });
  });

  it('a wire message', () => {
    const error = caught(() => checkKey('k'.repeat(keyBytesMax + 1), 'message.key'));
    expect(error).toMatchObject({ field: 'message.key', limit: keyBytesMax });
    expect(error.message).toBe('message.key: 65537 bytes exceeds the limit of 65536');
  });
});
