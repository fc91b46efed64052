import { describe, expect, it } from 'vitest';
import { parseCommandInput } from '../../../app/contract/console-contract';
import { ContractFailure } from '../../../app/contract/errors';

function refusal(input: unknown) {
  try {
    parseCommandInput('setProtocolPace', input);
  } catch (error) {
    if (error instanceof ContractFailure) return error.error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('setProtocolPace input', () => {
  it('takes a rate from 0 (stopped) to 1 (real time)', () => {
    expect(parseCommandInput('setProtocolPace', { rate: 0 })).toEqual({ rate: 0 });
    expect(parseCommandInput('setProtocolPace', { rate: 0.2 })).toEqual({ rate: 0.2 });
    expect(parseCommandInput('setProtocolPace', { rate: 1 })).toEqual({ rate: 1 });
  });

  it('refuses a rate outside 0–1 or missing, naming the field and the limit', () => {
    expect(refusal({ rate: 1.5 })).toMatchObject({ code: 'INVALID_INPUT', field: 'rate', limit: 1 });
    expect(refusal({ rate: 1.5 }).message).toContain('must be at most 1 (real time)');
    expect(refusal({ rate: -0.1 })).toMatchObject({ field: 'rate', limit: 0 });
    expect(refusal({})).toMatchObject({ field: 'rate' });
    expect(refusal({ rate: 0.5, node: 'n1' })).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
