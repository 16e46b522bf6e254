import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { writeRunLagPage } from '../dashboards/run-lag-page.ts';
import { ensureK6 } from '../load/ensure-k6.ts';
import { inspectK6Scenarios, k6StageMarkers } from '../load/k6-stage-markers.ts';
import { additionCounts, describeAdditions, judgeK6Run } from '../load/k6-verdict.ts';
import {
  countCalculationsKeyedBy,
  describeReconciliation,
  reconcileWithin,
} from '../reconciliation/reconcile.ts';
import { openServiceDatabases } from '../stack/local-databases.ts';
import { instanceAddresses } from '../stack/service-instances.ts';
import { stackGrpcCaFile } from '../stack/stack-grpc.ts';
import { loadStackSettings } from '../stack/stack-settings.ts';
import { type CommandSpec, parseCommandLine, usageError } from './command-line.ts';

const scenarios = readdirSync(path.join(PROJECT_ROOT, 'k6'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => path.basename(file, '.js'));
const COMMAND = {
  command: 'npm run k6 --',
  summary:
    'Runs the k6 scenario k6/<scenario>.js against the running local stack (building k6 with Go the first\n' +
    "time), writes its HTML report to the stack's data folder, then reconciles the calculations.",
  positionals: [{ name: 'scenario', required: true, description: `one of ${scenarios.join(', ')}` }],
  notes: ["K6_WEB_DASHBOARD_PORT: the live dashboard's port (default 5665 on a terminal, none otherwise)"],
  failure: 'a threshold failed, an addition was lost or doubled, or the totals did not reconcile',
} satisfies CommandSpec;

const log = (line: string) => console.log(`[k6] ${line}`);
const [scenario = ''] = parseCommandLine(COMMAND).positionals;
if (!scenarios.includes(scenario)) usageError(COMMAND, `unknown scenario ${JSON.stringify(scenario)}`);

const settings = loadStackSettings();
const k6 = await ensureK6(settings.downloadDir, log);
const runId = `k6-${scenario}-${randomUUID().slice(0, 8)}`;
const reportDir = path.join(settings.dataDir, 'k6');
mkdirSync(reportDir, { recursive: true });
const report = path.join(reportDir, `${runId}.html`);
const summary = path.join(reportDir, `${runId}.json`);

const script = path.join(PROJECT_ROOT, 'k6', `${scenario}.js`);
const caFile = stackGrpcCaFile(settings);
const k6Env = {
  ...process.env,
  CALCULATOR_ADDR: instanceAddresses(settings, 'calculator').join(','),
  // The scripts speak TLS, trusting this CA, when it is set, and plaintext otherwise.
  ...(caFile === undefined ? {} : { GRPC_TLS_CA_FILE: caFile }),
  K6_RUN_ID: runId,
  K6_AUTO_EXTENSION_RESOLUTION: 'false',
  K6_NO_USAGE_REPORT: 'true',
  K6_WEB_DASHBOARD: 'true',
  K6_WEB_DASHBOARD_HOST: '127.0.0.1',
  // The live dashboard's port only when someone watches; the HTML report is written either way, and a
  // busy port (another k6 on the machine) must not cost an unattended run its report.
  K6_WEB_DASHBOARD_PORT: process.env.K6_WEB_DASHBOARD_PORT ?? (process.stdout.isTTY ? '5665' : '-1'),
  K6_WEB_DASHBOARD_EXPORT: report,
  // The report needs a few snapshots; at the default 10 s a short or slow-starting run gets none.
  K6_WEB_DASHBOARD_PERIOD: process.env.K6_WEB_DASHBOARD_PERIOD ?? '2s',
};
const k6Scenarios = inspectK6Scenarios(k6, script, k6Env);

log(
  `running ${scenario} against the calculator at ${instanceAddresses(settings, 'calculator').join(', ')} over ${caFile ? 'TLS' : 'plaintext'} (run ${runId})`,
);
// The scenarios start about a second later (k6 starts up, then setup() checks the calculator's health).
const startedMs = Date.now();
const run = spawnSync(k6, ['run', `--summary-export=${summary}`, script], { stdio: 'inherit', env: k6Env });
const thresholdsHeld = run.status === 0;
log(
  thresholdsHeld
    ? 'k6 finished; every threshold held'
    : `k6 exited with ${run.status}: a threshold failed or the run broke`,
);
if (existsSync(report)) log(`HTML report: ${report}`);
if (!existsSync(summary)) {
  log('k6 wrote no summary; nothing to reconcile');
  process.exit(1);
}
const counts = additionCounts(JSON.parse(readFileSync(summary, 'utf8')));

const databases = openServiceDatabases();
try {
  const committed = await countCalculationsKeyedBy(databases.calculator, `${runId}-`);
  log(describeAdditions(counts, committed));
  const reconciliation = await reconcileWithin(databases.calculator, databases.totals, 120_000);
  console.log(describeReconciliation(reconciliation));
  const passed = judgeK6Run({ thresholdsHeld, counts, committed, reconciled: reconciliation.ok });
  process.exitCode = passed ? 0 : 1;
} finally {
  await databases.destroy();
}
// After the reconciliation, so the page shows the pipeline draining what the run sent.
await writeRunLagPage({
  prometheusUrl: settings.prometheusUrl,
  startedMs,
  markers: k6StageMarkers(k6Scenarios, startedMs),
  file: path.join(reportDir, `${runId}-lag.html`),
  log,
});
