import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { writeTemporaryFile } from './helm-render.ts';
import { missingFiles, readRepositoryFile } from './repository-files.ts';

interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: { published?: string; target: number; host_ip?: string }[];
  volumes?: { type: string; source?: string; target: string; read_only?: boolean }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  profiles?: string[];
  environment?: Record<string, string>;
}

const composeText = readRepositoryFile('compose.yaml');

function composeCheck(file: string) {
  const result = spawnSync(inject('deployTools').composeCheck, [file], { encoding: 'utf8' });
  if (result.error) throw new Error(`could not run compose-check: ${result.error.message}`);
  return result;
}

const loaded = composeCheck(path.join(PROJECT_ROOT, 'compose.yaml'));
const project = JSON.parse(loaded.stdout || '{"services":{}}') as {
  services: Record<string, ComposeService>;
};
const services = Object.entries(project.services);

describe('compose.yaml', () => {
  it("validates against the Compose Specification's JSON schema", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(inject('deployTools').composeSpecSchema, 'utf8')));
    const valid = validate(parse(composeText, { merge: true }));
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('loads as Docker Compose loads it (compose-go: schema, interpolation, consistency)', () => {
    expect(loaded.stderr).toBe('');
    expect(loaded.status).toBe(0);
    expect(Object.keys(project.services).sort()).toEqual(
      [
        'calculator',
        'certs',
        'connect',
        'connectors',
        'grafana',
        'jmx-agent',
        'k6',
        'kafka',
        'kafka-setup',
        'migrate',
        'otelcol',
        'postgres',
        'postgres-exporter',
        'prometheus',
        'totals',
      ].sort(),
    );
  });

  it('compose-go rejects a file that depends on a service it does not define (so the check is real)', () => {
    const broken = `${composeText}\n`.replace(/^ {2}otelcol:\n/m, '  otelcol:\n    depends_on: [nowhere]\n');
    const result = composeCheck(writeTemporaryFile('compose.yaml', broken));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('nowhere');
  });

  it('every file or folder it mounts exists in the repository', () => {
    const sources = services.flatMap(([, service]) =>
      (service.volumes ?? [])
        .filter((volume) => volume.type === 'bind')
        .map((volume) => path.relative(PROJECT_ROOT, volume.source ?? '')),
    );
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((source) => source.startsWith('..'))).toEqual([]);
    expect(missingFiles(sources)).toEqual([]);
  });

  it("publishes only Grafana's and the two services' ports, on loopback", () => {
    const published = services.flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => `${name} ${port.host_ip}:${port.published}->${port.target}`),
    );
    expect(published.sort()).toEqual([
      'calculator 127.0.0.1:50051->50051',
      'grafana 127.0.0.1:3000->3000',
      'totals 127.0.0.1:50052->50051',
    ]);
  });

  it('pins every image by version and builds the pipeline image from the Dockerfile', () => {
    for (const [name, service] of services) {
      expect(service.image, name).toMatch(/:[vV]?\d+\.\d+(\.\d+)?([.-][A-Za-z0-9.]+)?$/);
    }
    const built = services.filter(([, service]) => service.build !== undefined).map(([name]) => name);
    expect(built.sort()).toEqual(['calculator', 'connectors', 'migrate', 'totals']);
    expect(project.services.connect?.image).toBe('quay.io/debezium/connect:3.6.1.Final');
    expect(project.services.kafka?.image).toBe('apache/kafka:4.3.1');
  });

  it('comes up in order: a healthy or completed dependency is one that reports it', () => {
    const oneShots = new Set(['migrate', 'connectors', 'kafka-setup', 'jmx-agent', 'certs']);
    // The pipeline image has its own HEALTHCHECK (the gRPC health service).
    const hasHealthCheck = (name: string) => {
      const service = project.services[name];
      return service?.build !== undefined || (service?.healthcheck?.test?.length ?? 0) > 0;
    };
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        if (condition === 'service_healthy')
          expect(hasHealthCheck(dependency), `${name} -> ${dependency}`).toBe(true);
        if (condition === 'service_completed_successfully')
          expect(oneShots.has(dependency), `${name} -> ${dependency}`).toBe(true);
      }
    }
    expect(project.services.totals?.depends_on?.connectors?.condition).toBe('service_completed_successfully');
    expect(project.services.connectors?.depends_on?.migrate?.condition).toBe(
      'service_completed_successfully',
    );
    expect(project.services.k6?.profiles).toEqual(['load']);
  });

  it('serves both services over TLS from the certs volume, mounted read-only, and k6 trusts its CA', () => {
    const certsMount = (name: string) =>
      project.services[name]?.volumes?.find((volume) => volume.target === '/certs');
    for (const name of ['calculator', 'totals']) {
      const service = project.services[name];
      expect(service?.environment?.GRPC_TLS_CERT_FILE, name).toBe('/certs/server.crt');
      expect(service?.environment?.GRPC_TLS_KEY_FILE, name).toMatch(/^\/certs\/.+\.key$/);
      expect(certsMount(name), name).toMatchObject({ type: 'volume', source: 'certs', read_only: true });
      expect(service?.depends_on?.certs?.condition, name).toBe('service_completed_successfully');
    }
    expect(project.services.k6?.environment?.GRPC_TLS_CA_FILE).toBe('/certs/ca.crt');
    expect(certsMount('k6')).toMatchObject({ source: 'certs', read_only: true });
    expect(certsMount('certs')).not.toHaveProperty('read_only', true);
  });

  it('runs Postgres with logical replication and Kafka in KRaft mode', () => {
    const raw = parse(composeText, { merge: true });
    expect(raw.services.postgres.command).toEqual(expect.arrayContaining(['wal_level=logical']));
    expect(readRepositoryFile('deploy/compose/kafka-start.sh')).toContain('process.roles=broker,controller');
  });

  it('runs Kafka with a SASL_SSL client listener and the authorizer, and every Kafka client logs in over TLS', () => {
    const broker = readRepositoryFile('deploy/compose/kafka-start.sh');
    expect(broker).toContain('listeners=SASL_SSL://:9092,CONTROLLER://:9093');
    expect(broker).toContain('sasl.enabled.mechanisms=SCRAM-SHA-512');
    expect(broker).toContain('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(broker).toContain('allow.everyone.if.no.acl.found=false');
    const connect = project.services.connect?.environment ?? {};
    for (const prefix of ['CONNECT', 'CONNECT_PRODUCER', 'CONNECT_CONSUMER', 'CONNECT_ADMIN'])
      expect(connect[`${prefix}_SECURITY_PROTOCOL`], prefix).toBe('SASL_SSL');
    expect(connect.CONNECT_SASL_JAAS_CONFIG).toContain('env:KAFKA_CONNECT_SASL_PASSWORD}');
    const totals = project.services.totals?.environment ?? {};
    expect(totals.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(totals.KAFKA_SSL_CA_FILE).toBe('/certs/ca.crt');
  });

  it('scrapes the same jobs as the local stack, with the JMX exporters on the project rules', () => {
    const jobs = (file: string) =>
      (parse(readRepositoryFile(file)) as { scrape_configs: { job_name: string }[] }).scrape_configs
        .map((config) => config.job_name)
        .sort();
    expect(jobs('deploy/compose/prometheus.yml')).toEqual(jobs('stack/prometheus/prometheus.yml'));
    for (const [name, rules] of [
      ['kafka', '/etc/jmx-exporter/kafka.yaml'],
      ['connect', '/etc/jmx-exporter/connect.yaml'],
    ] as const) {
      const service = project.services[name];
      expect(service?.environment?.KAFKA_OPTS, name).toContain(`=9404:${rules}`);
      expect(service?.volumes?.map((volume) => volume.target)).toContain(rules);
    }
  });

  it('only the migrate job gets the migration role, and the services connect as their runtime roles', () => {
    const mentionsMigrationRole = ([, service]: [string, ComposeService]) =>
      Object.entries(service.environment ?? {}).some(
        ([name, value]) => /MIGRATION/.test(name) || /\/\/migrator:/.test(value ?? ''),
      );
    // postgres gets the password to create the role on a new data directory.
    expect(
      services
        .filter(mentionsMigrationRole)
        .map(([name]) => name)
        .sort(),
    ).toEqual(['migrate', 'postgres']);
    const migrate = project.services.migrate?.environment ?? {};
    expect(migrate.CALCULATOR_MIGRATION_DATABASE_URL).toMatch(
      /^postgres:\/\/migrator:.*@postgres:5432\/calculator\?/,
    );
    expect(migrate.TOTALS_MIGRATION_DATABASE_URL).toMatch(
      /^postgres:\/\/migrator:.*@postgres:5432\/totals\?/,
    );
    expect(migrate.CALCULATOR_DATABASE_URL).toBeUndefined();
    expect(project.services.calculator?.environment?.CALCULATOR_DATABASE_URL).toMatch(
      /^postgres:\/\/calculator:/,
    );
    expect(project.services.totals?.environment?.TOTALS_DATABASE_URL).toMatch(/^postgres:\/\/totals:/);
    const init = readRepositoryFile('deploy/compose/postgres-init.sh');
    expect(init).toContain('create database calculator owner migrator;');
    expect(init).toContain('create database totals owner migrator;');
  });

  it('runs Postgres with TLS on and lets in TLS connections only, replication included', () => {
    const raw = parse(composeText, { merge: true });
    expect(raw.services.postgres.command).toEqual(
      expect.arrayContaining(['ssl=on', 'hba_file=/etc/postgresql/pg_hba.conf']),
    );
    const rules = readRepositoryFile('deploy/compose/pg_hba.conf')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([type]) => type && !type.startsWith('#'));
    const network = rules.filter(([type]) => type !== 'local');
    expect(network.map(([type]) => type)).toEqual(['hostssl', 'hostssl']);
    expect(network.map(([, database]) => database)).toEqual(['all', 'replication']);
    expect(rules.filter(([type]) => type === 'local')).toEqual([['local', 'all', 'postgres', 'peer']]);
  });

  it("has every Postgres client verify the server against the certs job's CA (verify-full)", () => {
    const urls = services.flatMap(([name, service]) =>
      Object.entries(service.environment ?? {})
        .filter(([, value]) => /^postgres(ql)?:\/\//.test(value ?? ''))
        .map(([variable, value]) => ({ name, variable, value })),
    );
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const { name, variable, value } of urls) {
      const parameters = new URL(value).searchParams;
      expect(parameters.get('sslmode'), `${name} ${variable}`).toBe('verify-full');
      expect(parameters.get('sslrootcert'), `${name} ${variable}`).toBe('/certs/ca.crt');
    }
    const connect = project.services.connect?.environment ?? {};
    expect([connect.CALCULATOR_DB_SSLMODE, connect.CALCULATOR_DB_SSLROOTCERT]).toEqual([
      'verify-full',
      '/certs/ca.crt',
    ]);
    const mountsCerts = (name: string) =>
      project.services[name]?.volumes?.some(
        (volume) => volume.source === 'certs' && volume.target === '/certs',
      );
    for (const name of ['postgres', 'connect', 'migrate', 'calculator', 'totals', 'postgres-exporter'])
      expect(mountsCerts(name), name).toBe(true);
  });
});
