import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchResults, describeMachine, renderMarkdown } from '../bench/bench-report.ts';
import { BENCH_SECTIONS, type BenchSection, FULL_PLAN, QUICK_PLAN, runBench } from '../bench/run-bench.ts';
import { loadOrCreateSecrets } from '../stack/stack-secrets.ts';
import { loadStackSettings, PROJECT_ROOT } from '../stack/stack-settings.ts';
import { requireRunningStack } from './require-running-stack.ts';

// `npm run bench [-- --quick] [-- --only front-door,consumer]`: measures the running local stack.
const log = (line: string) => console.log(`[bench] ${line}`);
const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const plan = structuredClone(values.quick ? QUICK_PLAN : FULL_PLAN);
if (values.only) {
  const wanted = values.only.split(',').map((part) => part.trim());
  const unknown = wanted.filter((part) => !BENCH_SECTIONS.includes(part as BenchSection));
  if (unknown.length > 0) {
    console.error(`unknown section(s) ${unknown.join(', ')}; choose from ${BENCH_SECTIONS.join(', ')}`);
    process.exit(2);
  }
  plan.sections = wanted as BenchSection[];
}

const settings = loadStackSettings();
await requireRunningStack(settings, 'bench');

// A quick run only proves the harness works: its figures go to the data folder, not into bench/.
const outDir = values.quick ? path.join(settings.dataDir, 'bench') : path.join(PROJECT_ROOT, 'bench');
mkdirSync(outDir, { recursive: true });
// Running some sections again keeps the others' latest figures (and says when they were measured).
const previousFile = path.join(outDir, 'results.json');
const previous: Partial<BenchResults> =
  values.only && !values.quick && existsSync(previousFile)
    ? JSON.parse(readFileSync(previousFile, 'utf8'))
    : {};
const results: BenchResults = { ...previous, ranAt: new Date().toISOString(), machine: describeMachine() };
try {
  await runBench(settings, loadOrCreateSecrets(settings), plan, results, log);
} catch (error) {
  console.error(
    `[bench] FAILED: ${(error as Error).message}; logs of the servers it started are in ${path.join(settings.dataDir, 'bench', 'logs')}`,
  );
  process.exitCode = 1;
}
writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const markdown = renderMarkdown(results);
writeFileSync(path.join(outDir, 'results.md'), markdown);
console.log(`\n${markdown}`);
log(`results: ${path.join(outDir, 'results.json')} and results.md`);
process.exit(process.exitCode ?? 0);
