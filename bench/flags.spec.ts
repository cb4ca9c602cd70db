import { numericFlags } from './flags';

describe('numericFlags', () => {
  const defaults = { clients: 32, seconds: 8 };
  const flags = { '--clients': 'clients', '--seconds': 'seconds' } as const;

  it('reads both spellings over the defaults', () => {
    expect(numericFlags([], defaults, flags)).toEqual({ clients: 32, seconds: 8 });
    expect(numericFlags(['--clients', '4', '--seconds=2.5'], defaults, flags)).toEqual({ clients: 4, seconds: 2.5 });
    expect(defaults).toEqual({ clients: 32, seconds: 8 });
  });

  it('refuses an unknown flag, a missing, negative or non-numeric value, and a fraction where integers are wanted', () => {
    expect(() => numericFlags(['--client', '4'], defaults, flags)).toThrow('unknown argument --client (expected --clients, --seconds)');
    expect(() => numericFlags(['--clients'], defaults, flags)).toThrow('--clients must be a positive number');
    expect(() => numericFlags(['--clients', '-1'], defaults, flags)).toThrow('--clients must be a positive number');
    expect(() => numericFlags(['--clients=many'], defaults, flags)).toThrow('--clients must be a positive number');
    expect(() => numericFlags(['--seconds', '2.5'], defaults, flags, true)).toThrow('--seconds must be a positive integer');
  });
});
