import type { Finding } from './prerequisite-checks.ts';

const PREFIX = '[prerequisites]';

/** The Debian packages whose install would fix a missing prerequisite, each once. */
export function missingDebianPackages(findings: Finding[]): string[] {
  return [
    ...new Set(
      findings.flatMap(({ problem, debianPackage }) => (problem && debianPackage ? [debianPackage] : [])),
    ),
  ];
}

/** The one command that installs `packages`, as the user who runs it has to type it. */
export function debianInstallCommand(packages: string[], isRoot: boolean): string {
  const asRoot = isRoot ? '' : 'sudo ';
  return `${asRoot}apt-get update && ${asRoot}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * What to print: one line when everything is there; otherwise one line per missing prerequisite with its
 * fix, and the exact command that installs the missing Debian packages.
 */
export function reportLines(findings: Finding[], isRoot: boolean): string[] {
  const missing = findings.filter((finding) => finding.problem);
  if (missing.length === 0) return [`${PREFIX} ok: ${findings.map(({ found }) => found).join(', ')}`];
  const lines = missing.map(({ name, problem, fix }) => `${PREFIX} missing ${name}: ${problem}; fix: ${fix}`);
  const packages = missingDebianPackages(findings);
  if (packages.length > 0)
    lines.push(
      `${PREFIX} to install the missing Debian packages, run: ${debianInstallCommand(packages, isRoot)}`,
    );
  lines.push(`${PREFIX} nothing was started: ${missing.length} prerequisite(s) missing`);
  return lines;
}
