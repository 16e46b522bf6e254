import { describe, expect, it } from 'vitest';
import { parseDemoCount } from '../../src/tooling/load/demo-count.ts';

describe('the count of npm run demo', () => {
  it('is a whole number, 1000 by default', () => {
    expect(parseDemoCount()).toEqual({ count: 1000 });
    expect(parseDemoCount('5000')).toEqual({ count: 5000 });
  });

  it('refuses a count that is not a whole number in range, naming it', () => {
    for (const bad of ['NaN', '-5', '0', '1.5', '1e3', '2000000', 'lots'])
      expect(parseDemoCount(bad), bad).toEqual({ error: expect.stringContaining(JSON.stringify(bad)) });
  });
});
