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

function hadolint(file: string): { code: string; level: string; message: string }[] {
  const result = spawnSync(inject('deployTools').hadolint, ['--format', 'json', '--no-fail', file], {
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`could not run hadolint: ${result.error.message}`);
  return JSON.parse(result.stdout);
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
    const [user, group] = last('USER').split(':');
    expect(Number(user)).toBeGreaterThan(0);
    expect(Number(group)).toBeGreaterThan(0);
    expect(last('STOPSIGNAL')).toBe('SIGTERM');
  });

  it('its entry point runs node with the npm scripts flags and the container command table', () => {
    const entrypoint = JSON.parse(last('ENTRYPOINT')) as string[];
    expect(entrypoint).toEqual([
      'node',
      '--disable-warning=TimeoutNegativeWarning',
      'src/services/container/container-cli.ts',
    ]);
    expect(packageJson.scripts.migrate).toBe(`node ${entrypoint[1]} ${CONTAINER_COMMANDS.migrate.module}`);
    expect(packageJson.scripts['connectors:apply']).toBe(
      `node ${entrypoint[1]} ${CONTAINER_COMMANDS['apply-connectors'].module}`,
    );
    expect(JSON.parse(last('CMD'))).toEqual(['calculator']);
  });

  it('every module the image runs exists in the repository', () => {
    const modules = [
      'src/services/container/container-cli.ts',
      'src/services/container/grpc-health-check.ts',
      TELEMETRY_MODULE,
      ...Object.values(CONTAINER_COMMANDS).map((command) => command.module),
    ];
    expect(missingFiles(modules)).toEqual([]);
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
    const sources = all('COPY')
      .filter((argument) => !argument.startsWith('--from'))
      .flatMap((argument) => argument.split(/\s+/).slice(0, -1));
    expect(missingFiles(sources)).toEqual([]);
    const allowed = readRepositoryFile('.dockerignore')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    for (const source of sources) expect(allowed, source).toContain(source.replace(/\/$/, ''));
  });

  it('what the image runs imports only production dependencies and Node built-ins', () => {
    const entries = [
      'src/services/container/container-cli.ts',
      'src/services/container/grpc-health-check.ts',
      ...Object.values(CONTAINER_COMMANDS).map((command) => command.module),
      ...(existsSync(repositoryPath(TELEMETRY_MODULE)) ? [TELEMETRY_MODULE] : []),
    ];
    const seen = new Set<string>();
    const packages = new Set(entries.flatMap((entry) => [...runtimePackages(repositoryPath(entry), seen)]));
    const allowed = new Set([...Object.keys(packageJson.dependencies), ...builtinModules]);
    expect([...packages].filter((name) => !name.startsWith('node:') && !allowed.has(name))).toEqual([]);
    expect(packages.has('kafkajs')).toBe(true);
  });

  it("caps the services' heap as the local stack does", () => {
    const options = /NODE_OPTIONS="([^"]*)"/.exec(readRepositoryFile('Dockerfile'))?.[1]?.split(' ');
    expect(options).toEqual(SERVICE_HEAP_FLAGS);
  });
});
