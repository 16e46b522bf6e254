import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import {
  ALERT_RULES_FILE,
  loadRules,
  loadUnitTestFile,
  RECORDING_RULES_FILE,
  RULE_TESTS_DIR,
  ruleTestFiles,
} from './prometheus-rule-files.ts';
import { runPromtool } from './promtool.ts';

const alerts = loadRules(ALERT_RULES_FILE);
const alertNames = alerts.map((rule) => rule.alert).filter((name) => name !== undefined);
const recordNames = loadRules(RECORDING_RULES_FILE)
  .map((rule) => rule.record)
  .filter((name) => name !== undefined);
const testFiles = ruleTestFiles();
const unitTests = testFiles.flatMap((file) => loadUnitTestFile(file).tests);
const alertCases = unitTests.flatMap((test) => test.alert_rule_test ?? []);

describe('Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const result = runPromtool(['check', 'rules', RECORDING_RULES_FILE, ALERT_RULES_FILE], PROJECT_ROOT);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found[\s\S]*SUCCESS: \d+ rules found/);
  });

  it('pass every promtool unit test in stack/prometheus/tests', { timeout: 120_000 }, () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const result = runPromtool(
      ['test', 'rules', ...testFiles.map((file) => path.relative(RULE_TESTS_DIR, file))],
      RULE_TESTS_DIR,
    );
    expect(result.status, result.output).toBe(0);
    expect(result.output).not.toMatch(/FAILED/);
  });

  it('test every alert both firing and not firing', () => {
    expect(alertNames.length).toBeGreaterThan(0);
    const untested = alertNames.flatMap((name) => {
      const cases = alertCases.filter((testCase) => testCase.alertname === name);
      const missing: string[] = [];
      if (!cases.some((testCase) => (testCase.exp_alerts ?? []).length > 0)) missing.push(`${name}: firing`);
      if (!cases.some((testCase) => (testCase.exp_alerts ?? []).length === 0))
        missing.push(`${name}: not firing`);
      return missing;
    });
    expect(untested, 'alerts without a promtool case').toEqual([]);
  });

  // promtool passes a "not firing" case for an alert name that does not exist, so a typo would pass.
  it('name only alerts that exist in the promtool cases', () => {
    const unknown = alertCases.map((testCase) => testCase.alertname).filter((n) => !alertNames.includes(n));
    expect(unknown).toEqual([]);
  });

  it('check the value of every recording rule in a promtool case', () => {
    const exprs = unitTests.flatMap((test) => test.promql_expr_test ?? []).map((testCase) => testCase.expr);
    const unchecked = recordNames.filter((name) => !exprs.some((expr) => expr.includes(name)));
    expect(unchecked).toEqual([]);
  });

  it('give every alert a severity, a summary, a description with its value and a runbook section', () => {
    const runbook = readFileSync(path.join(PROJECT_ROOT, 'docs/runbook.md'), 'utf8');
    const problems = alerts.flatMap((rule) => {
      const name = rule.alert ?? '?';
      const found: string[] = [];
      if (!['critical', 'warning'].includes(rule.labels?.severity ?? '')) found.push(`${name}: severity`);
      if (!rule.annotations?.summary) found.push(`${name}: summary`);
      // absent() and a state gauge compared with 1 always have the value 1; their labels say the state.
      const valueIsAlwaysOne = /absent\(|== 1$/.test(rule.expr.trim());
      const description = rule.annotations?.description ?? '';
      if (!(valueIsAlwaysOne ? description.includes('$labels') : description.includes('$value')))
        found.push(`${name}: description without ${valueIsAlwaysOne ? 'its labels' : '$value'}`);
      if (rule.annotations?.runbook !== `docs/runbook.md#${name.toLowerCase()}`)
        found.push(`${name}: runbook annotation`);
      if (!runbook.includes(`\n## ${name}\n`)) found.push(`${name}: no "## ${name}" in docs/runbook.md`);
      return found;
    });
    expect(problems).toEqual([]);
  });
});
