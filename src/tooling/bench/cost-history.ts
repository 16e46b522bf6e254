import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeResultFiles } from '../readme/result-files.ts';
import type { Measured } from './bench-results.ts';
import { type CostResult, PIPELINE_PARTS } from './cost-section.ts';
import { cpuMs } from './report-format.ts';

/** What the code measured was: its commit, and whether the working tree differed from it. */
export interface MeasuredCode {
  commit: string;
  subject: string;
  uncommitted: boolean;
}

export interface CostHistoryEntry {
  measuredAt: string;
  machine: string;
  code: MeasuredCode;
  rates: { ratePerSecond: number; pipelineTotalMs: number; perAdditionMs: Record<string, number> }[];
}

const STEM = 'cost-history';

/** The checkout's commit and subject, or "unknown" outside a git checkout. */
export function measuredCode(root: string): MeasuredCode {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      subject: git('log', '-1', '--format=%s'),
      uncommitted: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    return { commit: 'unknown', subject: 'not a git checkout', uncommitted: false };
  }
}

/**
 * Adds a run's cost figures to `cost-history.json` in the folder and rewrites `cost-history.md`: each
 * published cost section is a row, with the commit it measured, so the table shows what each change
 * bought in CPU per addition.
 */
export function appendCostHistory(folder: string, cost: Measured<CostResult>, code: MeasuredCode): string {
  const file = path.join(folder, `${STEM}.json`);
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CostHistoryEntry[]) : [];
  const entry: CostHistoryEntry = {
    measuredAt: cost.ranAt,
    machine: cost.machine,
    code,
    rates: cost.rates.map(({ ratePerSecond, pipelineTotalMs, perAdditionMs }) => ({
      ratePerSecond,
      pipelineTotalMs,
      perAdditionMs,
    })),
  };
  const history = [...earlier.filter((kept) => kept.measuredAt !== entry.measuredAt), entry];
  return writeResultFiles(folder, STEM, history, renderCostHistory(history));
}

export function renderCostHistory(history: readonly CostHistoryEntry[]): string {
  const part = (rate: CostHistoryEntry['rates'][number], name: string) => {
    const value = rate.perAdditionMs[name];
    return value === undefined ? '' : cpuMs(value);
  };
  return [
    'CPU-milliseconds per addition, run by run: each row is one `npm run bench` cost section, with the commit ' +
      'it measured (a `+` marks changes not yet committed). Figures of different runs are compared only as ' +
      'ratios of the same rate: the machine is shared and noisy.',
    '',
    `| Measured | Code | Rate | All parts | ${PIPELINE_PARTS.join(' | ')} |`,
    `|---|---|---|---|${PIPELINE_PARTS.map(() => '---').join('|')}|`,
    ...history.flatMap((entry) =>
      entry.rates.map(
        (rate) =>
          `| ${entry.measuredAt} | ${entry.code.commit}${entry.code.uncommitted ? '+' : ''} ${entry.code.subject.replaceAll('|', '/')} | ` +
          `${rate.ratePerSecond}/s | ${cpuMs(rate.pipelineTotalMs)} | ${PIPELINE_PARTS.map((name) => part(rate, name)).join(' | ')} |`,
      ),
    ),
    '',
  ].join('\n');
}
