import { describe, expect, it } from 'vitest';
import { lagPageMarkdown } from '../../src/tooling/dashboards/run-lag-page.ts';

describe("the results file's link to the run's lag page", () => {
  it('reaches the page from the results folder and from a sibling folder alike', () => {
    expect(lagPageMarkdown('/repo/bench', '/repo/bench/chaos-lag.html', 'each fault')).toBe(
      '\nThe lag dashboard over this run, each fault marked: [chaos-lag.html](../bench/chaos-lag.html).\n',
    );
  });

  it('is left out when the page could not be rendered', () => {
    expect(lagPageMarkdown('/repo/bench', undefined, 'each fault')).toBe('');
  });
});
