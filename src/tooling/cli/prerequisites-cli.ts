import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { checkPrerequisites } from '../prerequisites/prerequisite-checks.ts';
import { machineProbes } from '../prerequisites/prerequisite-probes.ts';
import { missingDebianPackages, reportLines } from '../prerequisites/prerequisites-report.ts';
import { projectRequirements } from '../prerequisites/project-requirements.ts';
import { parseCommandLine } from './command-line.ts';

const { values: options } = parseCommandLine({
  command: 'npm run prerequisites --',
  summary:
    'Checks everything npm start, npm test and npm run stack:up need: the pinned Node.js, Java, Maven, Go\n' +
    'and the Debian packages the local stack runs. Run as root, it installs the missing Debian packages;\n' +
    'otherwise it prints the command that does. npm start, npm test and npm run stack:up run it first.',
  options: { 'no-install': { type: 'boolean', description: 'only check, install nothing' } },
  failure: 'something is still missing (each is named with its fix)',
});

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
