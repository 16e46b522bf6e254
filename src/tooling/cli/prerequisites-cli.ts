import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { checkPrerequisites } from '../prerequisites/prerequisite-checks.ts';
import { machineProbes } from '../prerequisites/prerequisite-probes.ts';
import { missingDebianPackages, reportLines } from '../prerequisites/prerequisites-report.ts';
import { projectRequirements } from '../prerequisites/project-requirements.ts';

const USAGE = `usage: npm run prerequisites [-- --no-install]

  Checks everything npm start, npm test and npm run stack:up need: the pinned Node.js, Java, Maven, Go
  and the Debian packages the local stack runs. Run as root, it installs the missing Debian packages;
  otherwise it prints the command that does. npm start, npm test and npm run stack:up run it first.

  --no-install   only check, install nothing
  --help         print this and exit

exit codes: 0 everything is there, 1 something is still missing, 64 bad arguments`;

let options: { help?: boolean; 'no-install'?: boolean };
try {
  options = parseArgs({ options: { help: { type: 'boolean' }, 'no-install': { type: 'boolean' } } }).values;
} catch (error) {
  console.error(`[prerequisites] ${(error as Error).message}\n${USAGE}`);
  process.exit(64);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const requirements = projectRequirements();
let findings = await checkPrerequisites(machineProbes, requirements);
const packages = missingDebianPackages(findings);
if (packages.length > 0 && machineProbes.isRoot && !options['no-install']) {
  const installer = path.join(PROJECT_ROOT, 'stack', 'install-debian-packages.sh');
  const install = spawnSync('bash', [installer, ...packages], { stdio: 'inherit' });
  if (install.status !== 0) console.error(`[prerequisites] installing ${packages.join(' ')} failed`);
  findings = await checkPrerequisites(machineProbes, requirements);
}
const lines = reportLines(findings, machineProbes.isRoot);
const missing = findings.some((finding) => finding.problem);
for (const line of lines) (missing ? console.error : console.log)(line);
process.exit(missing ? 1 : 0);
