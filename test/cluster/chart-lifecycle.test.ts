import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { loadClusterSettings } from '../../src/tooling/cluster/cluster-settings.ts';
import type { KubeObject, WatchEvent } from '../../src/tooling/cluster/kube-api.ts';
import { prometheusOperatorCrdFiles } from '../../src/tooling/cluster/operator-crds.ts';
import { ensureStrimziCrdFiles } from '../../src/tooling/cluster/strimzi-crds.ts';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';
import {
  api,
  createNamespace,
  createSecrets,
  helm,
  helmUpgradeInstall,
  jobCompleted,
  kubectl,
  named,
  ok,
  recordWrites,
  revision,
  waitForCrdsEstablished,
} from './cluster-tools.ts';

const RELEASE = 'pipeline';
const FULLNAME = 'pipeline-outbox-pipeline';
const PRODUCTION = `${CHART_DIR}/examples/production.values.yaml`;

/** The Secrets the chart's README tells a user to make before installing with the default values. */
const DEFAULT_SECRETS = {
  [`${FULLNAME}-calculator-database`]: { uri: 'postgres://calculator:secret@postgres:5432/calculator' },
  [`${FULLNAME}-calculator-migration-database`]: {
    uri: 'postgres://migrator:secret@postgres:5432/calculator',
  },
  [`${FULLNAME}-totals-database`]: { uri: 'postgres://totals:secret@postgres:5432/totals' },
  [`${FULLNAME}-totals-migration-database`]: { uri: 'postgres://migrator:secret@postgres:5432/totals' },
  [`${FULLNAME}-grpc-tls`]: { 'tls.crt': 'certificate', 'tls.key': 'key' },
};

const deployment = (namespace: string, component: string) =>
  api().get<KubeObject>(`/apis/apps/v1/namespaces/${namespace}/deployments/${FULLNAME}-${component}`);

const container = (object: KubeObject) => object.spec.template.spec.containers[0];

const firstWrite = (events: WatchEvent[], test: (event: WatchEvent) => boolean) => {
  const found = events.find(test);
  if (!found) throw new Error(`no such write among ${events.length} events`);
  return revision(found.object);
};

/**
 * The hooks' order, from the API server's own record of writes: the migration Job completed before any
 * Deployment was created or changed, and the connector Job was created after all of them were written.
 */
function expectHooksAroundTheDeployments(
  events: WatchEvent[],
  deploymentsChanged: (event: WatchEvent) => boolean,
) {
  const migrate = named(events, 'Job', '-migrate');
  const connectors = named(events, 'Job', '-connectors');
  const deployments = named(events, 'Deployment', '').filter(deploymentsChanged);
  expect(deployments.length, 'Deployment writes').toBeGreaterThan(0);
  expect(migrate[0]?.object.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
  expect(connectors[0]?.object.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
  const migrationDone = firstWrite(migrate, (event) => jobCompleted(event.object));
  const connectorsCreated = firstWrite(connectors, (event) => event.type === 'ADDED');
  for (const write of deployments) {
    expect(
      revision(write.object),
      `${write.object.metadata.name} written after the migrations`,
    ).toBeGreaterThan(migrationDone);
    expect(
      revision(write.object),
      `${write.object.metadata.name} written before the connector job`,
    ).toBeLessThan(connectorsCreated);
  }
  // Both hook Jobs completed, and were then deleted by their hook-succeeded policy.
  expect(migrate.at(-1)?.type).toBe('DELETED');
  expect(connectors.some((event) => jobCompleted(event.object))).toBe(true);
  expect(connectors.at(-1)?.type).toBe('DELETED');
}

describe('on a cluster without the Prometheus Operator', () => {
  it('the production values install, leaving out the ServiceMonitor and PrometheusRule, and say so', () => {
    // The production example puts the dashboards where Grafana's sidecar looks, which must exist.
    createNamespace('monitoring');
    const output = helmUpgradeInstall(RELEASE, 'no-operator', ['--values', PRODUCTION]);
    expect(output).toContain(
      'NOT CREATED: PrometheusRule (monitoring.coreos.com/v1), ServiceMonitor (monitoring.coreos.com/v1)',
    );
    const manifest = ok(
      helm(['get', 'manifest', RELEASE, '--namespace', 'no-operator']),
      'helm get manifest',
    );
    expect(manifest).not.toContain('kind: ServiceMonitor');
    expect(manifest).toContain('kind: Deployment');
  });
});

describe('with the default values', () => {
  const namespace = 'defaults';

  it('install: the migration Job runs before the Deployments exist, the connector Job after', async () => {
    createNamespace(namespace);
    createSecrets(namespace, DEFAULT_SECRETS);
    const events = await recordWrites(namespace, () => helmUpgradeInstall(RELEASE, namespace));
    expectHooksAroundTheDeployments(events, (event) => event.type === 'ADDED');
    const calculator = await deployment(namespace, 'calculator');
    expect(calculator.status.readyReplicas).toBe(2);
  });

  it('every object the chart rendered is stored, as the API server validated it', async () => {
    const manifest = ok(helm(['get', 'manifest', RELEASE, '--namespace', namespace]), 'helm get manifest');
    const listed = ok(
      kubectl(['get', '--namespace', namespace, '-f', '-', '-o', 'name'], manifest),
      'kubectl get -f',
    );
    const kinds = [...manifest.matchAll(/^kind: (\w+)$/gm)].map((match) => match[1]);
    expect(listed.trim().split('\n').length).toBe(kinds.length);
    expect(new Set(kinds)).toEqual(
      new Set([
        'ServiceAccount',
        'ConfigMap',
        'Service',
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'NetworkPolicy',
      ]),
    );
  });

  it('upgrade with a new image tag, replicas, connector setting, resources and Secret rolls out in hook order', async () => {
    createSecrets(namespace, {
      'totals-database-v2': { uri: 'postgres://totals:rotated@postgres:5432/totals' },
    });
    const events = await recordWrites(namespace, () =>
      helmUpgradeInstall(RELEASE, namespace, [
        '--reuse-values',
        '--set',
        'image.tag=0.2.0',
        '--set',
        'totals.replicaCount=2',
        '--set',
        'calculator.resources.limits.memory=512Mi',
        '--set',
        'databases.totals.urlSecret.name=totals-database-v2',
        '--set-json',
        'connector.configOverrides={"calculator-outbox":{"heartbeat.interval.ms":"5000"}}',
      ]),
    );
    expectHooksAroundTheDeployments(
      events,
      (event) => event.type === 'MODIFIED' && container(event.object).image.endsWith(':0.2.0'),
    );
    const totals = await deployment(namespace, 'totals');
    expect(container(totals).image).toBe('outbox-pipeline:0.2.0');
    expect(totals.spec.replicas).toBe(2);
    expect(totals.status.readyReplicas).toBe(2);
    const urlVariable = container(totals).env.find(
      (variable: { name: string }) => variable.name === 'TOTALS_DATABASE_URL',
    );
    expect(urlVariable.valueFrom.secretKeyRef.name).toBe('totals-database-v2');
    expect(container(await deployment(namespace, 'calculator')).resources.limits.memory).toBe('512Mi');
    const connectors = await api().get<{ data: Record<string, string> }>(
      `/api/v1/namespaces/${namespace}/configmaps/${FULLNAME}-connectors`,
    );
    expect(JSON.parse(connectors.data['calculator-outbox.json'] ?? '{}')['heartbeat.interval.ms']).toBe(
      '5000',
    );
    expect(ok(helm(['history', RELEASE, '--namespace', namespace, '-o', 'json']), 'helm history')).toContain(
      '"revision":2',
    );
  });

  it('rollback restores the first revision', async () => {
    ok(
      helm(['rollback', RELEASE, '1', '--namespace', namespace, '--wait', '--timeout', '3m']),
      'helm rollback',
    );
    const totals = await deployment(namespace, 'totals');
    expect(container(totals).image).toBe('outbox-pipeline:0.1.0');
    expect(totals.spec.replicas).toBe(1);
    const urlVariable = container(totals).env.find(
      (variable: { name: string }) => variable.name === 'TOTALS_DATABASE_URL',
    );
    expect(urlVariable.valueFrom.secretKeyRef.name).toBe(`${FULLNAME}-totals-database`);
    expect(container(await deployment(namespace, 'calculator')).resources.limits.memory).toBe('384Mi');
  });

  it('helm test runs its pod to completion', () => {
    const output = ok(helm(['test', RELEASE, '--namespace', namespace, '--timeout', '2m']), 'helm test');
    expect(output).toMatch(new RegExp(`TEST SUITE:\\s+${FULLNAME}-test[\\s\\S]*Phase:\\s+Succeeded`));
  });

  it('uninstall leaves only the Secrets the user made', async () => {
    ok(helm(['uninstall', RELEASE, '--namespace', namespace, '--wait', '--timeout', '2m']), 'helm uninstall');
    const left = await waitForChartObjectsGone(namespace);
    expect(left).toEqual([]);
    const secrets = await api().get<{ items: KubeObject[] }>(`/api/v1/namespaces/${namespace}/secrets`);
    expect(secrets.items.map((secret) => secret.metadata.name).sort()).toEqual(
      [...Object.keys(DEFAULT_SECRETS), 'totals-database-v2'].sort(),
    );
  });
});

describe('with the Prometheus Operator installed', () => {
  it('its CRDs install from the pinned module', async () => {
    for (const file of prometheusOperatorCrdFiles()) {
      ok(kubectl(['apply', '--server-side', '-f', file]), `kubectl apply ${file}`);
    }
    await waitForCrdsEstablished([
      'servicemonitors.monitoring.coreos.com',
      'prometheusrules.monitoring.coreos.com',
    ]);
  });

  it('the production values install with a ServiceMonitor and a PrometheusRule the CRDs accept', async () => {
    const output = helmUpgradeInstall(RELEASE, 'production', ['--values', PRODUCTION]);
    expect(output).not.toContain('NOT CREATED');
    const rules = await api().get<KubeObject>(
      `/apis/monitoring.coreos.com/v1/namespaces/production/prometheusrules/${FULLNAME}`,
    );
    expect(rules.spec.groups.length).toBeGreaterThan(0);
    await api().get(`/apis/monitoring.coreos.com/v1/namespaces/production/servicemonitors/${FULLNAME}`);
  });

  it('a release that skipped them gets them on its next upgrade', async () => {
    helmUpgradeInstall(RELEASE, 'no-operator', ['--values', PRODUCTION]);
    await api().get(`/apis/monitoring.coreos.com/v1/namespaces/no-operator/servicemonitors/${FULLNAME}`);
  });
});

/** Objects labelled with the release that are still there a minute after uninstall (pods go last, via the garbage collector). */
async function waitForChartObjectsGone(namespace: string): Promise<string[]> {
  const kinds =
    'all,configmaps,secrets,serviceaccounts,networkpolicies,poddisruptionbudgets,jobs,horizontalpodautoscalers';
  const deadline = Date.now() + 60_000;
  let left: string[] = [];
  do {
    const output = ok(
      kubectl([
        'get',
        kinds,
        '--namespace',
        namespace,
        '-l',
        `app.kubernetes.io/instance=${RELEASE}`,
        '-o',
        'name',
      ]),
      'kubectl get',
    );
    left = output.split('\n').filter(Boolean);
    if (left.length === 0) return left;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  } while (Date.now() < deadline);
  return left;
}

describe("the API server's own validation, which kubeconform only approximates", () => {
  const namespace = 'validation';
  const OPERATOR_APIS = [
    'monitoring.coreos.com/v1/ServiceMonitor',
    'monitoring.coreos.com/v1/PrometheusRule',
  ];

  const render = (release: string, values: string[]) =>
    ok(
      helm([
        'template',
        release,
        CHART_DIR,
        '--namespace',
        namespace,
        ...values.flatMap((file) => ['--values', file]),
        ...OPERATOR_APIS.flatMap((apiVersion) => ['--api-versions', apiVersion]),
      ]),
      'helm template',
    );
  /**
   * Server-side dry run of every object, with strict field validation. Each object names its own
   * namespace. The ServiceAccount is made for real first: a dry run keeps nothing, and the API server
   * checks that a pod's service account exists.
   */
  const serverDryRun = (manifests: string) => {
    const serviceAccounts = manifests
      .split(/^---$/m)
      .filter((document) => /^kind: ServiceAccount$/m.test(document));
    ok(
      kubectl(['apply', '--server-side', '-f', '-'], serviceAccounts.join('\n---\n')),
      'kubectl apply (service accounts)',
    );
    return kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', '-'], manifests);
  };

  it('accepts every object the default and production values render, custom resources included, with strict field validation', () => {
    createNamespace(namespace);
    for (const values of [[], [PRODUCTION]]) {
      const result = serverDryRun(render(RELEASE, values));
      expect(result.stderr, `values ${values.join(' ') || 'default'}`).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it('refuses a field the CRD does not define, in a resource kubeconform skips', () => {
    const broken = render(RELEASE, [PRODUCTION]).replace('  endpoints:\n', '  endpointz: []\n  endpoints:\n');
    const result = serverDryRun(broken);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ServiceMonitor\): \.spec\.endpointz: field not declared in schema/);
  });

  it('accepts the longest release name Helm allows: every object name and label stays within its limit', () => {
    const longest = 'a'.repeat(53);
    const result = serverDryRun(render(longest, [PRODUCTION]));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('with Strimzi installed (its CRDs generated from its Maven Central artifacts)', () => {
  const namespace = 'strimzi';
  const STRIMZI = `${CHART_DIR}/examples/strimzi-cloudnativepg.values.yaml`;
  const RESOURCES = `${CHART_DIR}/examples/strimzi-cloudnativepg-resources.yaml`;

  it('the CRDs install', async () => {
    for (const file of await ensureStrimziCrdFiles(loadClusterSettings(), (line) =>
      console.log(`[strimzi] ${line}`),
    )) {
      ok(kubectl(['apply', '--server-side', '-f', file]), `kubectl apply ${file}`);
    }
    await waitForCrdsEstablished([
      'kafkaconnectors.kafka.strimzi.io',
      'kafkaconnects.kafka.strimzi.io',
      'kafkas.kafka.strimzi.io',
      'kafkanodepools.kafka.strimzi.io',
      'kafkatopics.kafka.strimzi.io',
      'kafkausers.kafka.strimzi.io',
    ]);
  });

  it("the example's Strimzi resources pass the API server's strict validation (its CloudNativePG ones cannot be checked here)", () => {
    createNamespace(namespace);
    const documents = readFileSync(RESOURCES, 'utf8').split(/^---$/m);
    const strimziOnes = documents.filter((document) => /^apiVersion: kafka\.strimzi\.io\//m.test(document));
    expect(strimziOnes.length).toBe(6);
    const result = kubectl(
      [
        'apply',
        '--server-side',
        '--dry-run=server',
        '--validate=strict',
        '--namespace',
        namespace,
        '-f',
        '-',
      ],
      strimziOnes.join('\n---\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the Strimzi values install the connector as a KafkaConnector the CRD accepts, restarted by Strimzi when it fails', async () => {
    helmUpgradeInstall(RELEASE, namespace, ['--values', STRIMZI]);
    const connector = await api().get<KubeObject>(
      `/apis/kafka.strimzi.io/v1/namespaces/${namespace}/kafkaconnectors/calculator-outbox`,
    );
    expect(connector.metadata.labels?.['strimzi.io/cluster']).toBe('pipeline-connect');
    expect(connector.spec.autoRestart).toEqual({ enabled: true });
    const source = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'connectors', 'calculator-outbox.json'), 'utf8'),
    );
    expect(connector.spec.config.transforms).toBe(source.transforms);
  });
});
