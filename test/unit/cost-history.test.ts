import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendCostHistory, type MeasuredCode } from '../../src/tooling/bench/cost-history.ts';
import type { CostResult } from '../../src/tooling/bench/cost-section.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const cost = (ranAt: string, calculator: number): CostResult & { ranAt: string; machine: string } => ({
  ranAt,
  machine: '2 cores',
  rates: [
    {
      ratePerSecond: 500,
      durationMs: 60_000,
      additions: 30_000,
      perAdditionMs: { calculator, postgres: 0.5, connect: 0.25, kafka: 0.2, totals: 0.3, prometheus: 0.01 },
      pipelineTotalMs: calculator + 1.25,
      loadGeneratorMs: 0.6,
    },
  ],
});
const code = (commit: string, uncommitted = false): MeasuredCode => ({
  commit,
  subject: 'one statement | per batch',
  uncommitted,
});

describe('the cost history', () => {
  it('keeps every run as a row with the code it measured, and replaces a run written twice', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'cost-history-'));
    folders.push(folder);
    appendCostHistory(folder, cost('2026-11-25T10:00:00.000Z', 1.1), code('aaaaaaa'));
    appendCostHistory(folder, cost('2026-11-26T10:00:00.000Z', 0.9), code('bbbbbbb', true));
    const markdownFile = appendCostHistory(folder, cost('2026-11-26T10:00:00.000Z', 0.55), code('bbbbbbb'));
    const markdown = readFileSync(markdownFile, 'utf8');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| 2026'));
    expect(rows).toEqual([
      '| 2026-11-25T10:00:00.000Z | aaaaaaa one statement / per batch | 500/s | 2.35 ms | 1.10 ms | 0.50 ms | 0.25 ms | 0.20 ms | 0.30 ms |',
      '| 2026-11-26T10:00:00.000Z | bbbbbbb one statement / per batch | 500/s | 1.80 ms | 0.55 ms | 0.50 ms | 0.25 ms | 0.20 ms | 0.30 ms |',
    ]);
    const json = JSON.parse(readFileSync(path.join(folder, 'cost-history.json'), 'utf8'));
    expect(json).toHaveLength(2);
  });

  it('marks a run of uncommitted changes', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'cost-history-'));
    folders.push(folder);
    const markdown = readFileSync(
      appendCostHistory(folder, cost('2026-11-25T10:00:00.000Z', 1), code('ccccccc', true)),
      'utf8',
    );
    expect(markdown).toContain('| ccccccc+ one statement / per batch | 500/s |');
  });
});
