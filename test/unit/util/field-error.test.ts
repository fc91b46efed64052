import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContractFailure } from '../../../app/contract/errors';
import { FaultModelError } from '../../../app/model/fault-model';
import { TopologyError } from '../../../app/model/topology';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import { FieldError, nestedField, zodProblem } from '../../../app/util/field-error';
import { UsageError } from '../../../node-agent/kit/cli/flags';

describe('FieldError', () => {
  it('reads "field: reason" and keeps field, reason and limit apart', () => {
    const error = new FieldError('rule.jitterMs', 'must be at most 60000 ms', 60_000);
    expect(error.message).toBe('rule.jitterMs: must be at most 60000 ms');
    expect(error).toMatchObject({
      field: 'rule.jitterMs',
      reason: 'must be at most 60000 ms',
      limit: 60_000,
    });
    expect(new FieldError('--node', 'is required')).toMatchObject({
      message: '--node: is required',
      limit: undefined,
    });
  });

  it('adds the limit to the message when the reason does not name it', () => {
    expect(new FieldError('--events-ring', 'too small', 16).message).toBe(
      '--events-ring: too small (limit 16)',
    );
    // 6 inside 65536 is not the limit 6; 0.5 is not the limit 5.
    expect(new FieldError('key', 'is 65536 bytes', 6).message).toBe('key: is 65536 bytes (limit 6)');
    expect(new FieldError('rate', 'must be at most 0.5', 5).message).toBe(
      'rate: must be at most 0.5 (limit 5)',
    );
    expect(new FieldError('rate', 'must be at most 0.5', 0.5).message).toBe('rate: must be at most 0.5');
  });

  it('is the base of every field-naming error, each keeping its own name', () => {
    const errors = [
      TopologyError.from({ field: 'name', reason: 'bad' }),
      new FaultModelError('to', 'no node "n9"'),
      new WireFormatError('frame', 'bad'),
      new UsageError('--sync', 'bad'),
      new ContractFailure({ code: 'UNKNOWN_NODE', field: 'nodeId', message: 'no node "n9"' }),
    ];
    expect(errors.every((error) => error instanceof FieldError)).toBe(true);
    expect(errors.map((error) => error.name)).toEqual([
      'TopologyError',
      'FaultModelError',
      'WireFormatError',
      'UsageError',
      'ContractFailure',
    ]);
    expect(errors[0]).toBeInstanceOf(TopologyError);
  });

  it('moves a problem under the field that holds its input', () => {
    const error = new TopologyError('datacenters[0].id', 'bad', 32);
    expect(error.under('topology')).toEqual({
      field: 'topology.datacenters[0].id',
      reason: 'bad',
      limit: 32,
    });
    expect(nestedField('topologyText', '(file)')).toBe('topologyText');
    expect(nestedField('change', '(root)')).toBe('change');
    expect(nestedField('sides', '[1][0]')).toBe('sides[1][0]');
    expect(nestedField('', 'rule.from')).toBe('rule.from');
  });

  it('turns the first zod issue into a path, its message and the bound it broke', () => {
    const schema = z.strictObject({ sides: z.array(z.array(z.string()).max(2)) });
    const parsed = schema.safeParse({ sides: [['a'], ['a', 'b', 'c']] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(zodProblem(parsed.error)).toMatchObject({ field: 'sides[1]', limit: 2 });
    expect(zodProblem(parsed.error, 'change').field).toBe('change.sides[1]');
    const whole = z.string().safeParse(7);
    if (whole.success) return;
    expect(zodProblem(whole.error, '', '(input)')).toMatchObject({ field: '(input)', limit: undefined });
  });
});
