import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CONTAINER_COMMANDS, TELEMETRY_MODULE } from '../../src/services/container/container-commands.ts';
import { SERVICE_HEAP_FLAGS } from '../../src/services/shared/service-node-flags.ts';
import { writeTemporaryFile } from './helm-render.ts';
import { missingFiles, packageJson, readRepositoryFile, repositoryPath } from './repository-files.ts';

interface Instruction {
  keyword: string;
  argument: string;
}

/** Dockerfile instructions in order, continuation lines joined and comments left out. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), argument: rest.join(' ') };
    });
}

const instructions = parseDockerfile(readRepositoryFile('Dockerfile'));
const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword).map((i) => i.argument);
const last = (keyword: string) => all(keyword).at(-1) ?? '';
/** What the COPY instructions take from the build context (not from another stage). */
const copySources = () =>
  all('COPY')
    .filter((argument) => !argument.startsWith('--from'))
    .flatMap((argument) => argument.split(/\s+/).slice(0, -1));
/** The modules the image starts: its entry point, its health check, telemetry and each command's module. */
const IMAGE_ENTRIES = [
  'src/services/container/container-cli.ts',
  'src/services/container/grpc-health-check.ts',
  TELEMETRY_MODULE,
  ...Object.values(CONTAINER_COMMANDS).map((command) => command.module),
];

function hadolint(file: string): { code: string; level: string; message: string }[] {
  const result = spawnSync(inject('deployTools').hadolint, ['--format', 'json', '--no-fail', file], {
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`could not run hadolint: ${result.error.message}`);
  return JSON.parse(result.stdout);
}

/** The repository path of the module `file` imports `name` from. */
function importedFrom(file: string, name: string): string | undefined {
  const source = readRepositoryFile(file);
  for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    const names = (match[1] as string).split(',').map((part) => part.trim());
    if (names.includes(name)) {
      return path.relative(
        repositoryPath('.'),
        path.resolve(path.dirname(repositoryPath(file)), match[2] as string),
      );
    }
  }
  return undefined;
}

/** The bare package names a module and the project modules it imports (transitively) import. */
function runtimePackages(entry: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(
      /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g,
    )) {
      if (/^import type\s/.test(match[0].trim())) continue;
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else
        packages.add(
          specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : (specifier.split('/')[0] as string),
        );
    }
  };
  visit(entry);
  return packages;
}

describe('Dockerfile', () => {
  it('hadolint finds nothing, not even style or info', () => {
    expect(hadolint(repositoryPath('Dockerfile'))).toEqual([]);
  });

  it('hadolint does report a Dockerfile with known mistakes (so the check is real)', () => {
    const findings = hadolint(
      writeTemporaryFile('Dockerfile', 'FROM node:latest\nRUN cd /app && npm install\n'),
    );
    expect(findings.map((finding) => finding.code)).toEqual(expect.arrayContaining(['DL3007', 'DL3003']));
  });

  it('builds on the Node version package.json pins, in every stage', () => {
    const pinned = packageJson.devDependencies.node ?? '(no node devDependency)';
    expect(all('ARG')).toContain(`NODE_VERSION=${pinned}`);
    expect(all('FROM').length).toBeGreaterThanOrEqual(2);
    for (const from of all('FROM')) expect(from).toMatch(/^node:\$\{NODE_VERSION\}-[a-z]+-slim AS [a-z-]+$/);
    const major = pinned.split('.')[0];
    expect(packageJson.engines.node).toBe(`>=${major} <${Number(major) + 1}`);
  });

  it('installs production dependencies only and runs as a numeric non-root user', () => {
    expect(all('RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    // The fixes in patches/ reach the image too, applied by the patch-package the project pins.
    expect(copySources()).toContain('patches');
    expect(all('RUN').join('\n')).toContain(
      `npx --yes patch-package@${packageJson.devDependencies['patch-package']}`,
    );
    const [user, group] = last('USER').split(':');
    expect(Number(user)).toBeGreaterThan(0);
    expect(Number(group)).toBeGreaterThan(0);
    expect(last('STOPSIGNAL')).toBe('SIGTERM');
  });

  it('its entry point runs node with the npm scripts flags and the container command table', () => {
    const entrypoint = JSON.parse(last('ENTRYPOINT')) as string[];
    expect(entrypoint).toEqual(['node', 'src/services/container/container-cli.ts']);
    // `npm run migrate` and `npm run connectors:apply` add the local stack's fallback to the image's
    // jobs: the same node flags (none) but the .env reader, which only a local run has, and the same job
    // runner the image's job module calls.
    const jobs = [
      ['migrate', 'migrate', 'runMigrateJob'],
      ['connectors:apply', 'apply-connectors', 'runApplyConnectorsJob'],
    ] as const;
    for (const [script, command, runner] of jobs) {
      const [node, flag, module = ''] = (packageJson.scripts[script] ?? '').split(' ');
      expect([node, flag]).toEqual(['node', '--import=./src/tooling/cli/read-env-file.ts']);
      const jobRunner = importedFrom(CONTAINER_COMMANDS[command].module, runner);
      expect(jobRunner, `${CONTAINER_COMMANDS[command].module} calls ${runner}`).toMatch(/^src\/services\//);
      expect(importedFrom(module, runner), `npm run ${script} calls the image's ${runner}`).toBe(jobRunner);
    }
    expect(JSON.parse(last('CMD'))).toEqual(['calculator']);
  });

  it('every module the image runs exists in the repository', () => {
    expect(missingFiles(IMAGE_ENTRIES)).toEqual([]);
  });

  it('the health check asks the gRPC health service on the port the image sets', () => {
    expect(last('HEALTHCHECK')).toContain(
      'CMD ["node", "src/services/container/grpc-health-check.ts", "127.0.0.1:50051"]',
    );
    expect(last('ENV')).toContain('CALCULATOR_GRPC_PORT=50051');
    expect(last('ENV')).toContain('TOTALS_GRPC_PORT=50051');
    expect(last('EXPOSE')).toBe('50051');
  });

  it('copies only what exists, and .dockerignore lets each of those through', () => {
    const sources = copySources();
    expect(missingFiles(sources)).toEqual([]);
    const allowed = readRepositoryFile('.dockerignore')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    for (const source of sources) expect(allowed, source).toContain(source.replace(/\/$/, ''));
  });

  it('what the image runs imports only production dependencies and Node built-ins', () => {
    const entries = IMAGE_ENTRIES.filter(
      (entry) => entry !== TELEMETRY_MODULE || existsSync(repositoryPath(TELEMETRY_MODULE)),
    );
    const seen = new Set<string>();
    const packages = new Set(entries.flatMap((entry) => [...runtimePackages(repositoryPath(entry), seen)]));
    const allowed = new Set([...Object.keys(packageJson.dependencies), ...builtinModules]);
    expect([...packages].filter((name) => !name.startsWith('node:') && !allowed.has(name))).toEqual([]);
    expect(packages.has('kafkajs')).toBe(true);
  });

  it('every project module the image runs is in what it copies, and none is tooling', () => {
    const seen = new Set<string>();
    for (const entry of IMAGE_ENTRIES) runtimePackages(repositoryPath(entry), seen);
    const copied = copySources().map((source) => source.replace(/\/$/, ''));
    const modules = [...seen].map((file) => path.relative(repositoryPath('.'), file));
    expect(modules.length).toBeGreaterThan(20);
    expect(copied).not.toContain('src');
    expect(
      modules.filter(
        (module) => !copied.some((source) => module === source || module.startsWith(`${source}/`)),
      ),
    ).toEqual([]);
    expect(
      modules.filter((module) => !module.startsWith('src/services/') && !module.startsWith('src/generated/')),
    ).toEqual([]);
  });

  it("caps the services' heap as the local stack does", () => {
    const options = /NODE_OPTIONS="([^"]*)"/.exec(readRepositoryFile('Dockerfile'))?.[1]?.split(' ');
    expect(options).toEqual(SERVICE_HEAP_FLAGS);
  });
});
