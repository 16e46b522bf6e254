import { describe, expect, it } from 'vitest';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';
import { byKind, exampleValues, helm, OPERATOR_APIS, renderChart, single } from './helm-render.ts';
import { readRepositoryFile } from './repository-files.ts';

const PRODUCTION = [exampleValues('production')];
const STRIMZI = [exampleValues('strimzi-cloudnativepg')];

/** What `helm install` would print after installing, rendered offline (no cluster answers). */
function installNotes(valuesFiles: string[], sets: string[] = []): string {
  const result = helm([
    'install',
    'pipeline',
    CHART_DIR,
    '--namespace',
    'pipeline',
    '--dry-run=client',
    ...valuesFiles.flatMap((file) => ['--values', file]),
    ...sets.flatMap((pair) => ['--set', pair]),
  ]);
  if (result.status !== 0) throw new Error(`helm install --dry-run failed:\n${result.stderr}`);
  const notes = result.stdout.split('\nNOTES:\n')[1];
  if (notes === undefined) throw new Error(`helm printed no NOTES:\n${result.stdout}`);
  return notes;
}

describe("the chart's custom resources render only where the cluster serves their APIs", () => {
  it('without the Prometheus Operator, the production values install with no ServiceMonitor or PrometheusRule, and NOTES names both', () => {
    const { manifests } = renderChart(PRODUCTION, [], []);
    expect(byKind(manifests, 'ServiceMonitor')).toEqual([]);
    expect(byKind(manifests, 'PrometheusRule')).toEqual([]);
    expect(byKind(manifests, 'Deployment').length).toBe(3);
    expect(installNotes(PRODUCTION)).toContain(
      'NOT CREATED: PrometheusRule (monitoring.coreos.com/v1), ServiceMonitor (monitoring.coreos.com/v1)',
    );
  });

  it('with the Prometheus Operator, both are created and NOTES names nothing as skipped', () => {
    const { manifests } = renderChart(PRODUCTION);
    expect(byKind(manifests, 'ServiceMonitor').length).toBe(1);
    expect(byKind(manifests, 'PrometheusRule').length).toBe(1);
    expect(installNotes(PRODUCTION, ['customResources.assumeInstalled=true'])).not.toContain('NOT CREATED');
  });

  it('customResources.assumeInstalled renders them for a cluster that was not asked', () => {
    const { manifests } = renderChart(PRODUCTION, ['customResources.assumeInstalled=true'], []);
    expect(byKind(manifests, 'ServiceMonitor').length).toBe(1);
    expect(byKind(manifests, 'PrometheusRule').length).toBe(1);
  });

  it('connector.mode strimzi without Strimzi fails, naming the API and the ways out', () => {
    const result = helm(['template', 'pipeline', CHART_DIR, '--values', STRIMZI[0] as string]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'connector.mode is strimzi, but this cluster does not serve kafka.strimzi.io/v1/KafkaConnector',
    );
    expect(result.stderr).toContain('customResources.assumeInstalled=true');
  });

  it('the KafkaConnector lets Strimzi restart a failed connector, with or without a limit', () => {
    const unlimited = single(renderChart(STRIMZI).manifests, 'KafkaConnector', 'calculator-outbox');
    expect(unlimited.spec.autoRestart).toEqual({ enabled: true });
    const limited = single(
      renderChart(STRIMZI, ['connector.strimzi.autoRestart.maxRestarts=7']).manifests,
      'KafkaConnector',
      'calculator-outbox',
    );
    expect(limited.spec.autoRestart).toEqual({ enabled: true, maxRestarts: 7 });
    const off = single(
      renderChart(STRIMZI, ['connector.strimzi.autoRestart.enabled=false']).manifests,
      'KafkaConnector',
      'calculator-outbox',
    );
    expect(off.spec.autoRestart).toEqual({ enabled: false });
  });
});

describe('`helm test`', () => {
  const { manifests } = renderChart();
  const testPod = single(manifests, 'Pod', '-test');

  it('is a hook pod asking both services’ health through their Services, over TLS with their certificate', () => {
    expect(testPod.metadata.annotations?.['helm.sh/hook']).toBe('test');
    expect(testPod.spec.restartPolicy).toBe('Never');
    const containers = testPod.spec.containers as { command: string[]; env: { name: string }[] }[];
    expect(containers.map((container) => container.command.at(-1))).toEqual([
      'pipeline-outbox-pipeline-calculator.pipeline.svc:50051',
      'pipeline-outbox-pipeline-totals.pipeline.svc:50051',
    ]);
    for (const container of containers) {
      expect(container.command.slice(0, 2)).toEqual(['node', 'src/services/container/grpc-health-check.ts']);
      expect(container.env.map((variable) => variable.name)).toEqual([
        'GRPC_TLS_CERT_FILE',
        'GRPC_TLS_KEY_FILE',
      ]);
    }
    expect(testPod.spec.volumes[0].secret.secretName).toBe('pipeline-outbox-pipeline-grpc-tls');
  });

  it('is let through the services’ network policies, which admit no other unlisted pod', () => {
    for (const component of ['calculator', 'totals']) {
      const policy = single(manifests, 'NetworkPolicy', `-${component}`);
      const peers = policy.spec.ingress[0].from as { podSelector: { matchLabels: Record<string, string> } }[];
      const admitted = peers.filter((peer) =>
        Object.entries(peer.podSelector.matchLabels).every(
          ([key, value]) => testPod.metadata.labels?.[key] === value,
        ),
      );
      expect(admitted.length, component).toBe(1);
      expect(peers.map((peer) => peer.podSelector.matchLabels)).toEqual([
        { 'outbox-pipeline-client': 'true' },
        admitted[0]?.podSelector.matchLabels,
      ]);
    }
  });

  it('speaks plaintext when the services do', () => {
    const plaintext = single(renderChart([], ['grpc.tls.enabled=false']).manifests, 'Pod', '-test');
    expect(plaintext.spec.containers[0].env).toBeUndefined();
    expect(plaintext.spec.volumes).toBeUndefined();
  });
});

describe('NOTES', () => {
  it('say how to reach both services, see the lag and reconcile, for this release', () => {
    const notes = installNotes([]);
    expect(notes).toContain('port-forward service/pipeline-outbox-pipeline-calculator 50051:50051');
    expect(notes).toContain('grpcurl -insecure -d');
    expect(notes).toContain('calculator.v1.CalculatorService/Add');
    expect(notes).toContain('totals.v1.TotalsService/GetTotal');
    expect(notes).toContain("grep '^totals_consumer_lag'");
    expect(notes).toContain('npm run reconcile -- --wait 30');
    expect(notes).toContain('helm test pipeline --namespace pipeline');
  });

  it('name the gRPC calls the protos define', () => {
    const calculatorProto = readRepositoryFile('proto/calculator/v1/calculator.proto');
    const totalsProto = readRepositoryFile('proto/totals/v1/totals.proto');
    expect(calculatorProto).toMatch(
      /package calculator\.v1;[\s\S]*service CalculatorService[\s\S]*rpc Add\(/,
    );
    expect(totalsProto).toMatch(/package totals\.v1;[\s\S]*service TotalsService[\s\S]*rpc GetTotal\(/);
  });
});

describe('object names', () => {
  // Found by the API server (npm run test:cluster), which refused a 53-character release: a Service's
  // name, and the job-name label Kubernetes gives a Job's pods, may not pass 63 characters.
  it('stay within what Kubernetes allows for the longest release name Helm takes (53 characters)', () => {
    const { manifests } = renderChart(PRODUCTION, [], OPERATOR_APIS, 'r'.repeat(53));
    const limits: Record<string, number> = { Service: 63, Job: 63, Deployment: 63, Pod: 63 };
    const tooLong = manifests
      .filter((m) => m.metadata.name.length > (limits[m.kind] ?? 253))
      .map((m) => `${m.kind} ${m.metadata.name} (${m.metadata.name.length})`);
    expect(tooLong).toEqual([]);
    expect(single(manifests, 'Service', '-calculator').metadata.name).toBe(`${'r'.repeat(52)}-calculator`);
  });

  it("put the release's namespace in the dashboards' names when they go to a namespace other releases share", () => {
    const names = (sets: string[]) =>
      byKind(renderChart([], ['metrics.grafanaDashboards.enabled=true', ...sets]).manifests, 'ConfigMap')
        .filter((m) => m.metadata.labels?.grafana_dashboard === '1')
        .map((m) => `${m.metadata.namespace}/${m.metadata.name}`)
        .sort();
    expect(names(['metrics.grafanaDashboards.namespace=monitoring'])).toEqual([
      'monitoring/pipeline-pipeline-outbox-pipeline-dashboard-lag',
      'monitoring/pipeline-pipeline-outbox-pipeline-dashboard-pipeline-overview',
      'monitoring/pipeline-pipeline-outbox-pipeline-dashboard-runtime',
    ]);
    expect(names([])).toEqual([
      'pipeline/pipeline-outbox-pipeline-dashboard-lag',
      'pipeline/pipeline-outbox-pipeline-dashboard-pipeline-overview',
      'pipeline/pipeline-outbox-pipeline-dashboard-runtime',
    ]);
  });
});
