import { describe, expect, it } from 'vitest';
import { type PartLives, partsRestarted } from '../../src/tooling/chaos/part-lives.ts';

const steady: PartLives = {
  calculator: '101/0',
  totals: '102/0',
  connect: '103/0',
  kafka: '104/0',
  postgres: '105/0',
};

describe('partsRestarted', () => {
  it('finds none when every part lives the same life', () => {
    expect(partsRestarted(steady, { ...steady })).toEqual([]);
  });

  it('finds a part with a new pid, leaving out the one the fault was aimed at', () => {
    const after = { ...steady, postgres: '205/1', calculator: '201/1' };
    expect(partsRestarted(steady, after, 'postgres')).toEqual(['calculator']);
  });

  it('finds a part restarted under the same pid, by its restart count', () => {
    expect(partsRestarted(steady, { ...steady, totals: '102/1' })).toEqual(['totals']);
  });

  it('counts a part that is down at either reading as restarted', () => {
    expect(partsRestarted(steady, { ...steady, totals: undefined })).toEqual(['totals']);
    expect(partsRestarted({ ...steady, kafka: undefined }, steady)).toEqual(['kafka']);
  });
});
