import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import { KubeApi, type KubeObject, type WatchEvent } from '../../src/tooling/cluster/kube-api.ts';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';
import { waitUntil } from '../../src/tooling/stack/readiness-probes.ts';

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], input?: string): CommandResult {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KUBECONFIG: inject('cluster').kubeconfig },
  });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** helm against the local cluster; `ok` throws with helm's own message when it fails. */
export const helm = (args: string[]) => run(inject('cluster').helm, args);
export const kubectl = (args: string[], input?: string) => run(inject('cluster').kubectl, args, input);

export function ok(result: CommandResult, what: string): string {
  if (result.status !== 0)
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

export const api = () => new KubeApi(inject('cluster').kubeconfig);

/**
 * Helm 4.3.1's --wait stops watching once every object is ready, then judges them again from events
 * that arrived meanwhile: when the autoscaler raises the new calculator Deployment to its minimum in that
 * moment, the install fails with "generation is 2, but latest observed generation is 1" although nothing
 * is wrong. Running the same command again is what a user would do, and is what this does, once, saying so.
 */
const HELM_WAIT_RACE = /Deployment generation is \d+, but latest observed generation is \d+/;

/** `helm upgrade --install` of the chart from the checkout, waiting for every object and hook. */
export function helmUpgradeInstall(release: string, namespace: string, extra: string[] = []): string {
  const args = [
    'upgrade',
    '--install',
    release,
    CHART_DIR,
    '--namespace',
    namespace,
    '--create-namespace',
    '--wait',
    '--timeout',
    '3m',
    ...extra,
  ];
  const first = helm(args);
  if (first.status !== 0 && HELM_WAIT_RACE.test(first.stderr)) {
    console.log(
      `[cluster] helm's wait raced the autoscaler (${HELM_WAIT_RACE.exec(first.stderr)?.[0]}); running it again`,
    );
    return ok(helm(args), `helm upgrade --install ${release} (namespace ${namespace}), run again`);
  }
  return ok(first, `helm upgrade --install ${release} (namespace ${namespace})`);
}

export function createNamespace(namespace: string): void {
  ok(kubectl(['create', 'namespace', namespace]), `kubectl create namespace ${namespace}`);
}

/** Secrets holding the given keys, as a user makes them before installing. */
export function createSecrets(namespace: string, secrets: Record<string, Record<string, string>>): void {
  for (const [name, data] of Object.entries(secrets)) {
    ok(
      kubectl([
        'create',
        'secret',
        'generic',
        name,
        '--namespace',
        namespace,
        ...Object.entries(data).map(([key, value]) => `--from-literal=${key}=${value}`),
      ]),
      `kubectl create secret ${name}`,
    );
  }
}

/** What happened to the Jobs and Deployments of a namespace while `during` ran, in the API server's order. */
export async function recordWrites(namespace: string, during: () => void): Promise<WatchEvent[]> {
  const client = api();
  const watches = [
    client.watch(`/apis/batch/v1/namespaces/${namespace}/jobs`),
    client.watch(`/apis/apps/v1/namespaces/${namespace}/deployments`),
  ];
  await Promise.all(watches.map((watch) => watch.opened));
  try {
    during();
    // Events still in flight when the command returned.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  } finally {
    for (const watch of watches) watch.stop();
  }
  return watches
    .flatMap((watch) => watch.events)
    .sort((a, b) => Number(revision(a.object) - revision(b.object)));
}

/**
 * The etcd revision of an object's last write. The API server stores every object in one etcd, whose
 * revision counts every write in the cluster: comparing two objects' revisions orders their writes,
 * across kinds, which creation timestamps (whole seconds) cannot.
 */
export const revision = (object: KubeObject) => BigInt(object.metadata.resourceVersion);

export const named = (events: WatchEvent[], kind: 'Job' | 'Deployment', suffix: string) =>
  events.filter((event) => event.object.kind === kind && event.object.metadata.name.endsWith(suffix));

export const jobCompleted = (object: KubeObject) =>
  (object.status?.conditions ?? []).some(
    (condition: { type: string; status: string }) =>
      condition.type === 'Complete' && condition.status === 'True',
  );

/**
 * Waits until the API server serves each CRD. `kubectl wait` fails outright when it reads a CRD whose
 * status the API server has not written yet, so this polls instead.
 */
export async function waitForCrdsEstablished(names: string[]): Promise<void> {
  const client = api();
  await waitUntil(async () => {
    for (const name of names) {
      const crd = await client.get<KubeObject>(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
      const established = (crd.status?.conditions ?? []).some(
        (condition: { type: string; status: string }) =>
          condition.type === 'Established' && condition.status === 'True',
      );
      if (!established) throw new Error(`CRD ${name} is not Established yet`);
    }
  }, 60_000);
}
