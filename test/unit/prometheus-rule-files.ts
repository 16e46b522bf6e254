import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';

export const RULES_DIR = path.join(PROJECT_ROOT, 'stack/prometheus/rules');
export const RULE_TESTS_DIR = path.join(PROJECT_ROOT, 'stack/prometheus/tests');
export const RECORDING_RULES_FILE = path.join(RULES_DIR, 'recording.yml');
export const ALERT_RULES_FILE = path.join(RULES_DIR, 'alerts.yml');

const ruleSchema = z.object({
  record: z.string().optional(),
  alert: z.string().optional(),
  expr: z.string(),
  for: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const ruleFileSchema = z.object({
  groups: z.array(z.object({ name: z.string(), rules: z.array(ruleSchema) })),
});

const unitTestFileSchema = z.object({
  rule_files: z.array(z.string()),
  tests: z.array(
    z.object({
      name: z.string().optional(),
      alert_rule_test: z
        .array(
          z.object({
            eval_time: z.string(),
            alertname: z.string(),
            exp_alerts: z.array(z.unknown()).nullish(),
          }),
        )
        .optional(),
      promql_expr_test: z.array(z.object({ expr: z.string(), eval_time: z.string() })).optional(),
    }),
  ),
});

export type Rule = z.infer<typeof ruleSchema>;
export type UnitTestFile = z.infer<typeof unitTestFileSchema>;

function loadYaml<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} has an unexpected shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function loadRules(file: string): Rule[] {
  return loadYaml(file, ruleFileSchema).groups.flatMap((group) => group.rules);
}

export function ruleTestFiles(): string[] {
  return readdirSync(RULE_TESTS_DIR)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => path.join(RULE_TESTS_DIR, file));
}

export function loadUnitTestFile(file: string): UnitTestFile {
  return loadYaml(file, unitTestFileSchema);
}
