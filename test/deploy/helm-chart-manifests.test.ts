import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { byKind, exampleValues, renderChart, single } from './helm-render.ts';
import { readRepositoryFile, repositoryPath } from './repository-files.ts';

const production = renderChart([exampleValues('production')]).manifests;
const defaults = renderChart().manifests;

const podSpecs = (manifests: typeof defaults) =>
  manifests
    .filter((m) => m.kind === 'Deployment' || m.kind === 'Job')
    .map((m) => ({ name: `${m.kind}/${m.metadata.name}`, pod: m.spec.template.spec }));

describe('rendered manifests', () => {
  it('both services are probed through the gRPC health service on the container port', () => {
    const plaintext = renderChart([], ['grpc.tls.enabled=false']).manifests;
    for (const component of ['calculator', 'totals']) {
      const container = single(plaintext, 'Deployment', `-${component}`).spec.template.spec.containers[0];
      expect(container.args).toEqual([component]);
      for (const probe of ['startupProbe', 'readinessProbe']) {
        expect(container[probe].grpc, `${component} ${probe}`).toEqual({ port: 50051 });
      }
      // Liveness asks the health service's "liveness" name, which a database outage does not turn off.
      expect(container.livenessProbe.grpc, `${component} livenessProbe`).toEqual({
        port: 50051,
        service: 'liveness',
      });
      expect(container.ports).toContainEqual({ name: 'grpc', containerPort: 50051, protocol: 'TCP' });
      expect(container.env.map((variable: { name: string }) => variable.name)).not.toContain(
        'GRPC_TLS_CERT_FILE',
      );
    }
  });

  it('by default both services serve TLS from a mounted kubernetes.io/tls Secret, probed by the image’s health check', () => {
    const healthCheck = ['node', 'src/services/container/grpc-health-check.ts', '127.0.0.1:50051'];
    for (const component of ['calculator', 'totals']) {
      const pod = single(defaults, 'Deployment', `-${component}`).spec.template.spec;
      const container = pod.containers[0];
      expect(container.env).toEqual(
        expect.arrayContaining([
          { name: 'GRPC_TLS_CERT_FILE', value: '/etc/grpc-tls/tls.crt' },
          { name: 'GRPC_TLS_KEY_FILE', value: '/etc/grpc-tls/tls.key' },
        ]),
      );
      expect(container.volumeMounts).toContainEqual({
        name: 'grpc-tls',
        mountPath: '/etc/grpc-tls',
        readOnly: true,
      });
      expect(pod.volumes).toContainEqual(
        expect.objectContaining({
          name: 'grpc-tls',
          secret: expect.objectContaining({
            secretName: 'pipeline-outbox-pipeline-grpc-tls',
            defaultMode: 0o440,
          }),
        }),
      );
      // The kubelet's grpc probe has no TLS; the image's health check reads the same variables.
      for (const probe of ['startupProbe', 'readinessProbe'])
        expect(container[probe].exec.command, `${component} ${probe}`).toEqual(healthCheck);
      expect(container.livenessProbe.exec.command).toEqual([...healthCheck, 'liveness']);
    }
  });

  it('with a client CA Secret, both services demand client certificates it signed', () => {
    const mutual = renderChart([], ['grpc.tls.secretName=my-tls', 'grpc.tls.clientCaSecret.name=my-clients']);
    for (const component of ['calculator', 'totals']) {
      const pod = single(mutual.manifests, 'Deployment', `-${component}`).spec.template.spec;
      expect(pod.containers[0].env).toContainEqual({
        name: 'GRPC_TLS_CLIENT_CA_FILE',
        value: '/etc/grpc-client-ca/ca.crt',
      });
      const secrets = pod.volumes
        .filter((volume: { secret?: unknown }) => volume.secret)
        .map((volume: { secret: { secretName: string } }) => volume.secret.secretName);
      expect(secrets.sort()).toEqual(['my-clients', 'my-tls']);
    }
  });

  it('every pod runs non-root, read-only, without capabilities, with seccomp RuntimeDefault', () => {
    for (const { name, pod } of podSpecs(production)) {
      expect(pod.securityContext.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext.seccompProfile, name).toEqual({ type: 'RuntimeDefault' });
      expect(pod.automountServiceAccountToken, name).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext, name).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources.requests, name).toBeDefined();
        expect(container.resources.limits.memory, name).toBeDefined();
      }
    }
  });

  it('the services get SIGTERM after leaving the endpoints and have longer than their 20 s stop to finish', () => {
    for (const component of ['calculator', 'totals']) {
      const pod = single(defaults, 'Deployment', `-${component}`).spec.template.spec;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(20 + 5);
      expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBe(5);
    }
  });

  it('database URLs come from Secrets and no Secret or password is rendered', () => {
    const text = renderChart([exampleValues('production')]).text;
    expect(byKind(production, 'Secret')).toEqual([]);
    expect(text).not.toMatch(/postgres:\/\//);
    const env = single(production, 'Deployment', '-calculator').spec.template.spec.containers[0].env;
    expect(env.find((variable: { name: string }) => variable.name === 'CALCULATOR_DATABASE_URL')).toEqual({
      name: 'CALCULATOR_DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'calculator-database', key: 'url' } },
    });
  });

  it("only the migration Job gets the migration role's Secrets; the Deployments get the runtime roles'", () => {
    for (const manifests of [defaults, production]) {
      const secretsOf = (kind: string, suffix: string) =>
        single(manifests, kind, suffix).spec.template.spec.containers[0].env.flatMap(
          (variable: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }) =>
            variable.valueFrom?.secretKeyRef
              ? [`${variable.name}=${variable.valueFrom.secretKeyRef.name}`]
              : [],
        );
      const migration = secretsOf('Job', '-migrate');
      expect(migration.map((entry: string) => entry.split('=')[0]).sort()).toEqual([
        'CALCULATOR_MIGRATION_DATABASE_URL',
        'TOTALS_MIGRATION_DATABASE_URL',
      ]);
      const migrationSecrets = migration.map((entry: string) => entry.split('=')[1]);
      for (const component of ['calculator', 'totals']) {
        const runtime = secretsOf('Deployment', `-${component}`);
        expect(runtime.length, component).toBeGreaterThan(0);
        for (const entry of runtime) {
          expect(entry, component).not.toMatch(/MIGRATION/);
          expect(migrationSecrets, component).not.toContain(entry.split('=')[1]);
        }
      }
    }
    const migrate = single(production, 'Job', '-migrate').spec.template.spec.containers[0].env;
    expect(migrate).toContainEqual({
      name: 'CALCULATOR_MIGRATION_DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'calculator-migration-database', key: 'url' } },
    });
    expect(migrate).toContainEqual({ name: 'CALCULATOR_DB_ROLE', value: 'calculator' });
  });

  it('the calculator scales with an HPA and the totals replicas stay within the partitions', () => {
    const hpa = single(production, 'HorizontalPodAutoscaler', '-calculator');
    expect(hpa.spec.scaleTargetRef.name).toBe(single(production, 'Deployment', '-calculator').metadata.name);
    expect(single(production, 'Deployment', '-calculator').spec.replicas).toBeUndefined();
    expect(single(production, 'Deployment', '-totals').spec.replicas).toBe(3);
    expect(byKind(production, 'PodDisruptionBudget')).toHaveLength(2);
  });

  it('migrations run before the release changes and the connector after it, as hooks', () => {
    const migrate = single(defaults, 'Job', '-migrate');
    expect(migrate.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(migrate.spec.template.spec.containers[0].args).toEqual(['migrate']);
    const connectors = single(defaults, 'Job', '-connectors');
    expect(connectors.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
    expect(connectors.spec.template.spec.containers[0].args).toEqual(['apply-connectors']);
    // Before the migrate job exists on install, the chart's service account does not either.
    expect(migrate.spec.template.spec.serviceAccountName).toBeUndefined();
  });

  it('the connector job PUTs connectors/calculator-outbox.json with the production overrides', () => {
    const configMap = single(production, 'ConfigMap', '-connectors');
    const rendered = JSON.parse(configMap.data?.['calculator-outbox.json'] ?? '{}');
    const source = JSON.parse(readRepositoryFile('connectors/calculator-outbox.json'));
    expect(rendered).toEqual({
      ...source,
      'topic.creation.default.replication.factor': '3',
      'topic.creation.default.partitions': '6',
      'topic.creation.heartbeat.replication.factor': '3',
    });
    // The password stays a reference the Connect worker resolves.
    expect(rendered['database.password']).toBe(source['database.password']);
    expect(rendered['database.password']).toMatch(/^\$\{env:[A-Z_]+\}$/);
  });

  it('with Strimzi the connector is a KafkaConnector carrying the same config', () => {
    const manifests = renderChart([exampleValues('strimzi-cloudnativepg')]).manifests;
    const connector = single(manifests, 'KafkaConnector', 'calculator-outbox');
    const source = JSON.parse(readRepositoryFile('connectors/calculator-outbox.json'));
    expect(connector.metadata.labels?.['strimzi.io/cluster']).toBe('pipeline-connect');
    expect(connector.spec.class).toBe(source['connector.class']);
    expect(connector.spec.tasksMax).toBe(Number(source['tasks.max']));
    expect(connector.spec.config['connector.class']).toBeUndefined();
    expect(connector.spec.config['transforms.outbox.route.topic.replacement']).toBe(
      source['transforms.outbox.route.topic.replacement'],
    );
    expect(byKind(manifests, 'Job').map((job) => job.metadata.name)).toEqual([
      'pipeline-outbox-pipeline-migrate',
    ]);
  });

  it('asks Debezium for a failover slot in every mode, and the CloudNativePG example keeps it and every answer through a failover', () => {
    const strimzi = renderChart([exampleValues('strimzi-cloudnativepg')]).manifests;
    const jobConfig = (manifests: typeof defaults) =>
      JSON.parse(single(manifests, 'ConfigMap', '-connectors').data?.['calculator-outbox.json'] ?? '{}');
    expect(jobConfig(defaults)['slot.failover']).toBe('true');
    expect(jobConfig(production)['slot.failover']).toBe('true');
    expect(single(strimzi, 'KafkaConnector', 'calculator-outbox').spec.config['slot.failover']).toBe('true');
    const cluster = parse(
      readRepositoryFile('charts/outbox-pipeline/examples/strimzi-cloudnativepg-resources.yaml')
        .split(/^---$/m)
        .find((document) => /^kind: Cluster$/m.test(document)) ?? '',
    );
    expect(cluster.spec.postgresql.synchronous).toEqual({
      method: 'any',
      number: 1,
      dataDurability: 'required',
    });
    expect(cluster.spec.replicationSlots.highAvailability).toEqual({
      enabled: true,
      synchronizeLogicalDecoding: true,
    });
    expect(cluster.spec.postgresql.parameters.hot_standby_feedback).toBe('on');
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
  });

  it('the ServiceMonitor selects the Collector Service and scrapes a port it has', () => {
    const monitor = single(production, 'ServiceMonitor', 'pipeline-outbox-pipeline');
    const service = single(production, 'Service', '-collector');
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    const otherServices = byKind(production, 'Service').filter((s) => s !== service);
    for (const other of otherServices) {
      expect(other.metadata.labels).not.toMatchObject(monitor.spec.selector.matchLabels);
    }
    expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(
      monitor.spec.endpoints[0].port,
    );
    expect(monitor.metadata.labels?.release).toBe('kube-prometheus-stack');
  });

  it('the services send OTLP to the Collector the chart runs', () => {
    const env = single(production, 'Deployment', '-totals').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      value: 'http://pipeline-outbox-pipeline-collector:4318',
    });
    expect(env).toContainEqual({ name: 'OTEL_SERVICE_NAME', value: 'totals' });
  });

  it('the PrometheusRule holds exactly the rule groups of stack/prometheus/rules/', () => {
    const folder = repositoryPath('stack/prometheus/rules');
    const groups = readdirSync(folder)
      .filter((file) => file.endsWith('.yml'))
      .sort()
      .flatMap((file) => (parse(readFileSync(`${folder}/${file}`, 'utf8')) as { groups: unknown[] }).groups);
    expect(groups.length).toBeGreaterThan(0);
    expect(single(production, 'PrometheusRule', 'pipeline-outbox-pipeline').spec.groups).toEqual(groups);
  });

  it('one ConfigMap per dashboard in dashboards/, labelled for the Grafana sidecar, with the same JSON', () => {
    const dashboards = readdirSync(repositoryPath('dashboards')).filter((file) => file.endsWith('.json'));
    const configMaps = byKind(production, 'ConfigMap').filter(
      (m) => m.metadata.labels?.grafana_dashboard === '1',
    );
    expect(configMaps).toHaveLength(dashboards.length);
    for (const file of dashboards) {
      const configMap = configMaps.find((m) => m.data?.[file] !== undefined);
      expect(JSON.parse(configMap?.data?.[file] ?? 'null'), file).toEqual(
        JSON.parse(readRepositoryFile(`dashboards/${file}`)),
      );
    }
  });

  it('network policies cover every pod and let only the pipeline talk to what it needs', () => {
    const policies = byKind(production, 'NetworkPolicy');
    const components = policies
      .map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'])
      .sort();
    expect(components).toEqual(['calculator', 'collector', 'connector', 'migrate', 'totals'].sort());
    const egressPorts = (component: string) =>
      policies
        .find((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'] === component)
        ?.spec.egress.flatMap((rule: { ports: { port: number }[] }) => rule.ports.map((port) => port.port))
        .sort((a: number, b: number) => a - b);
    expect(egressPorts('calculator')).toEqual([53, 53, 4318, 5432]);
    expect(egressPorts('totals')).toEqual([53, 53, 4318, 5432, 9093]);
    expect(egressPorts('migrate')).toEqual([53, 53, 5432]);
    expect(egressPorts('connector')).toEqual([53, 53, 8083]);
    expect(egressPorts('collector')).toEqual([53, 53]);
    for (const policy of policies) expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
});
