import { DEBIAN_PACKAGES } from './debian-packages.ts';
import type { PrerequisiteProbes } from './prerequisite-probes.ts';
import { findVersion, formatVersion, isAtLeast, type VersionNumber } from './version-number.ts';

/** What this checkout needs, read from its own files. */
export interface Requirements {
  /** The Node.js version the `node` npm package is pinned to in package.json. */
  nodeVersion: string;
  /** Where `npm ci` puts that Node.js. */
  nodeBinary: string;
  goVersion: VersionNumber;
  javaVersion: VersionNumber;
  /** The folder whose file system holds the downloads, builds and data. */
  projectFolder: string;
  freeBytes: number;
}

/** One prerequisite: what was found, or why it is missing and how to get it. */
export interface Finding {
  name: string;
  /** What was found, as printed: `Java 17.0.15`. */
  found?: string;
  problem?: string;
  fix?: string;
  /** The Debian package that provides it, when installing one is the fix. */
  debianPackage?: string;
}

const GIB = 1024 ** 3;

async function checkNode(probes: PrerequisiteProbes, { nodeVersion, nodeBinary }: Requirements) {
  const name = `Node.js ${nodeVersion} (the npm package node)`;
  const fix = 'run `npm ci` (it installs the pinned Node.js from the npm registry)';
  const output = await probes.output(nodeBinary, ['--version']);
  if (output === undefined) return { name, problem: 'not installed', fix };
  const found = output.trim().replace(/^v/, '');
  return found === nodeVersion
    ? { name, found: `Node.js ${found}` }
    : { name, problem: `found ${found || 'no version'}`, fix };
}

async function checkJava(probes: PrerequisiteProbes, { javaVersion }: Requirements): Promise<Finding> {
  const name = `Java ${formatVersion(javaVersion)} or newer`;
  const debianPackage = `openjdk-${javaVersion[0]}-jre-headless`;
  const fix = `install Debian's ${debianPackage}`;
  const output = await probes.output('java', ['-version']);
  if (output === undefined) return { name, problem: 'java is not installed', fix, debianPackage };
  const version = findVersion(output, /version "(\d+(?:\.\d+)*)/);
  // Java 8 and older call themselves 1.x.
  const feature = version?.[0] === 1 ? version.slice(1) : version;
  if (!feature)
    return { name, problem: `java -version printed no version: ${output.trim()}`, fix, debianPackage };
  if (!isAtLeast(feature, javaVersion))
    return { name, problem: `found Java ${formatVersion(feature)}`, fix, debianPackage };
  return { name, found: `Java ${formatVersion(feature)}` };
}

async function checkMaven(probes: PrerequisiteProbes): Promise<Finding> {
  const name = 'Maven';
  const output = await probes.output('mvn', ['--version', '--batch-mode']);
  const version = output === undefined ? undefined : findVersion(output, /Apache Maven (\d+(?:\.\d+)*)/);
  if (!version)
    return { name, problem: 'mvn is not installed', fix: "install Debian's maven", debianPackage: 'maven' };
  return { name, found: `Maven ${formatVersion(version)}` };
}

async function checkGo(probes: PrerequisiteProbes, { goVersion }: Requirements): Promise<Finding> {
  const name = `Go ${formatVersion(goVersion)} or newer`;
  // Debian's golang package is older than the modules under stack/ need.
  const fix = `install Go ${formatVersion(goVersion)} or newer from go.dev and put its bin folder on PATH`;
  const output = await probes.output('go', ['version']);
  if (output === undefined) return { name, problem: 'go is not installed', fix };
  const version = findVersion(output, /go(\d+(?:\.\d+)*)/);
  if (!version) return { name, problem: `go version printed no version: ${output.trim()}`, fix };
  if (!isAtLeast(version, goVersion)) return { name, problem: `found Go ${formatVersion(version)}`, fix };
  return { name, found: `Go ${formatVersion(version)}` };
}

async function checkDebianPackages(probes: PrerequisiteProbes): Promise<Finding[]> {
  return Promise.all(
    DEBIAN_PACKAGES.map(async ({ name, commands, neededFor }) => {
      const present = await Promise.all(commands.map((command) => probes.hasCommand(command)));
      const missing = commands.filter((_, index) => !present[index]);
      if (missing.length === 0) return { name, found: name };
      return {
        name,
        problem: `${missing.join(' and ')} not found (${neededFor})`,
        fix: `install Debian's ${name}`,
        debianPackage: name,
      };
    }),
  );
}

async function checkDisk(probes: PrerequisiteProbes, { projectFolder, freeBytes }: Requirements) {
  const name = `${Math.round(freeBytes / GIB)} GiB free disk`;
  const free = await probes.freeBytes(projectFolder);
  const found = `${(free / GIB).toFixed(1)} GiB free`;
  if (free >= freeBytes) return { name, found };
  return {
    name,
    problem: `${found}; the first run's downloads and builds (jars, the Collector, k6) need about that much`,
    fix: 'free some space on the file system that holds this folder',
  };
}

/** Every prerequisite of `npm start`, `npm test` and `npm run stack:up`, checked side by side. */
export async function checkPrerequisites(
  probes: PrerequisiteProbes,
  requirements: Requirements,
): Promise<Finding[]> {
  const [node, java, maven, go, disk, packages] = await Promise.all([
    checkNode(probes, requirements),
    checkJava(probes, requirements),
    checkMaven(probes),
    checkGo(probes, requirements),
    checkDisk(probes, requirements),
    checkDebianPackages(probes),
  ]);
  return [node, java, maven, go, ...packages, disk];
}
