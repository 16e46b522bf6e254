import { describe, expect, it } from 'vitest';
import { parseDemoArguments } from '../../src/tooling/load/demo-arguments.ts';

describe('the arguments of npm run demo', () => {
  it('takes a whole count, 1000 by default', () => {
    expect(parseDemoArguments([])).toEqual({ count: 1000 });
    expect(parseDemoArguments(['5000'])).toEqual({ count: 5000 });
  });

  it('answers --help without doing anything else', () => {
    expect(parseDemoArguments(['--help'])).toEqual({ help: true });
  });

  it('refuses a count that is not a whole number in range, naming it', () => {
    for (const bad of ['NaN', '-5', '0', '1.5', '1e3', '2000000', 'lots'])
      expect(parseDemoArguments([bad]), bad).toEqual({ error: expect.stringContaining(JSON.stringify(bad)) });
    expect(parseDemoArguments(['10', '20'])).toEqual({
      error: expect.stringContaining('at most one argument'),
    });
  });
});
