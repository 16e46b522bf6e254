import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEBIAN_PACKAGES } from '../../src/tooling/prerequisites/debian-packages.ts';
import {
  checkPrerequisites,
  type Requirements,
} from '../../src/tooling/prerequisites/prerequisite-checks.ts';
import type { PrerequisiteProbes } from '../../src/tooling/prerequisites/prerequisite-probes.ts';
import { reportLines } from '../../src/tooling/prerequisites/prerequisites-report.ts';
import { requiredGoVersion } from '../../src/tooling/prerequisites/required-go-version.ts';

const requirements: Requirements = {
  nodeVersion: '24.21.0',
  nodeBinary: '/project/node_modules/.bin/node',
  goVersion: [1, 26],
  javaVersion: [17],
  projectFolder: '/project',
  freeBytes: 5 * 1024 ** 3,
};

const WELL_EQUIPPED: Record<string, string> = {
  [requirements.nodeBinary]: 'v24.21.0\n',
  java: 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\n',
  mvn: '\u001b[1mApache Maven 3.8.7\u001b[m\nMaven home: /usr/share/maven\n',
  go: 'go version go1.26.8 linux/amd64\n',
};

/** A machine that answers as told: `outputs` by command (undefined: not installed), `absent` commands off PATH. */
function machine({
  outputs = {},
  absent = [],
  isRoot = false,
  freeGiB = 70,
}: {
  outputs?: Record<string, string | undefined>;
  absent?: string[];
  isRoot?: boolean;
  freeGiB?: number;
}): PrerequisiteProbes {
  const answers = { ...WELL_EQUIPPED, ...outputs };
  return {
    output: async (command) => answers[command],
    hasCommand: async (command) => !absent.includes(command),
    freeBytes: async () => freeGiB * 1024 ** 3,
    isRoot,
  };
}

async function report(probes: PrerequisiteProbes) {
  const findings = await checkPrerequisites(probes, requirements);
  return { findings, lines: reportLines(findings, probes.isRoot) };
}

describe('the prerequisites check', () => {
  it('prints one line naming what it found when everything is there', async () => {
    const { findings, lines } = await report(machine({}));
    expect(findings.filter((finding) => finding.problem)).toEqual([]);
    expect(lines).toEqual([
      '[prerequisites] ok: Node.js 24.21.0, Java 17.0.15, Maven 3.8.7, Go 1.26.8, prometheus, ' +
        'prometheus-postgres-exporter, openssl, chromium, 70.0 GiB free',
    ]);
  });

  it('names a missing java with its fix and the Debian package that provides it', async () => {
    const { lines } = await report(machine({ outputs: { java: undefined } }));
    expect(lines[0]).toBe(
      "[prerequisites] missing Java 17 or newer: java is not installed; fix: install Debian's openjdk-17-jre-headless",
    );
    expect(lines).toContain(
      '[prerequisites] to install the missing Debian packages, run: sudo apt-get update && ' +
        'sudo apt-get install -y --no-install-recommends openjdk-17-jre-headless',
    );
    expect(lines.at(-1)).toBe('[prerequisites] nothing was started: 1 prerequisite(s) missing');
  });

  it('reads Java 8 and older, which call themselves 1.x, as too old', async () => {
    const { lines } = await report(machine({ outputs: { java: 'java version "1.8.0_392"\n' } }));
    expect(lines[0]).toMatch(/^\[prerequisites\] missing Java 17 or newer: found Java 8\.0; /);
  });

  it('refuses a Go older than the modules under stack/ need, and says where to get one', async () => {
    const { findings, lines } = await report(machine({ outputs: { go: 'go version go1.24.3 linux/amd64' } }));
    expect(lines[0]).toBe(
      '[prerequisites] missing Go 1.26 or newer: found Go 1.24.3; fix: install Go 1.26 or newer from go.dev ' +
        'and put its bin folder on PATH',
    );
    // Debian's Go is too old: no apt-get line for it.
    expect(findings.find((finding) => finding.name.startsWith('Go'))?.debianPackage).toBeUndefined();
    expect(lines.join('\n')).not.toContain('apt-get');
  });

  it('prints the exact install command for missing Debian packages when not root', async () => {
    const { lines } = await report(machine({ absent: ['promtool', 'chromium'] }));
    expect(lines).toEqual([
      '[prerequisites] missing prometheus: promtool not found (' +
        `${DEBIAN_PACKAGES[0]?.neededFor}); fix: install Debian's prometheus`,
      `[prerequisites] missing chromium: chromium not found (${DEBIAN_PACKAGES[3]?.neededFor}); ` +
        "fix: install Debian's chromium",
      '[prerequisites] to install the missing Debian packages, run: sudo apt-get update && ' +
        'sudo apt-get install -y --no-install-recommends prometheus chromium',
      '[prerequisites] nothing was started: 2 prerequisite(s) missing',
    ]);
  });

  it('prints the command without sudo for root', async () => {
    const { lines } = await report(machine({ absent: ['openssl', 'mvn'], isRoot: true }));
    expect(lines).toContain(
      '[prerequisites] to install the missing Debian packages, run: apt-get update && ' +
        'apt-get install -y --no-install-recommends openssl',
    );
  });

  it('sends a machine without the pinned Node.js to npm ci', async () => {
    const wrong = await report(machine({ outputs: { [requirements.nodeBinary]: 'v24.1.0' } }));
    expect(wrong.lines[0]).toBe(
      '[prerequisites] missing Node.js 24.21.0 (the npm package node): found 24.1.0; ' +
        'fix: run `npm ci` (it installs the pinned Node.js from the npm registry)',
    );
    const none = await report(machine({ outputs: { [requirements.nodeBinary]: undefined } }));
    expect(none.lines[0]).toMatch(
      /^\[prerequisites\] missing Node\.js 24\.21\.0 .*: not installed; fix: run `npm ci`/,
    );
  });

  it('names a missing Maven, and too little free disk', async () => {
    const { lines } = await report(machine({ outputs: { mvn: undefined }, freeGiB: 2 }));
    expect(lines).toContain(
      "[prerequisites] missing Maven: mvn is not installed; fix: install Debian's maven",
    );
    expect(lines.join('\n')).toMatch(/missing 5 GiB free disk: 2\.0 GiB free; /);
    expect(lines.at(-1)).toBe('[prerequisites] nothing was started: 2 prerequisite(s) missing');
  });
});

describe('the Go version the stack needs', () => {
  const stack = mkdtempSync(path.join(tmpdir(), 'go-modules-'));
  afterAll(() => rmSync(stack, { recursive: true, force: true }));

  it('is the newest go directive among the modules', () => {
    const directives: [string, string][] = [
      ['collector', 'go 1.25.0'],
      ['k6', 'go 1.26'],
      ['compose', 'go 1.24'],
    ];
    for (const [name, directive] of directives) {
      mkdirSync(path.join(stack, name));
      writeFileSync(path.join(stack, name, 'go.mod'), `module example.com/${name}\n\n${directive}\n`);
    }
    mkdirSync(path.join(stack, 'not-go'));
    expect(requiredGoVersion(stack)).toEqual([1, 26]);
  });
});
