import { describe, expect, it } from 'vitest';
import { parseAddresses } from '../../../renderer/actions/addresses';

describe('attach addresses', () => {
  it('reads one node=host:port per line, ignoring blank lines and spaces', () => {
    expect(parseAddresses(' n0 = 127.0.0.1:7401\n\nn3=10.0.0.2:9000 \n')).toEqual({
      n0: '127.0.0.1:7401',
      n3: '10.0.0.2:9000',
    });
  });

  it('passes a line without "=" on with an empty address, for the contract to name', () => {
    expect(parseAddresses('n5')).toEqual({ n5: '' });
  });
});
