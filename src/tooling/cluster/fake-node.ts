import { waitUntil } from '../stack/readiness-probes.ts';
import { KWOK_NODE_ANNOTATION } from './cluster-processes.ts';
import type { KubeApi } from './kube-api.ts';

export const FAKE_NODE_NAME = 'kwok-node-0';

interface Node {
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * The one node the scheduler can place pods on: a Node object kwok answers for, with the capacity kwok
 * gives it (far more than the chart asks). Registered once; waits until kwok has made it Ready.
 */
export async function ensureFakeNode(api: KubeApi, log: (line: string) => void): Promise<void> {
  const nodePath = `/api/v1/nodes/${FAKE_NODE_NAME}`;
  if (!(await api.find<Node>(nodePath))) {
    await api.post('/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: FAKE_NODE_NAME,
        annotations: { [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value },
        labels: { 'kubernetes.io/hostname': FAKE_NODE_NAME, 'kubernetes.io/os': 'linux', type: 'kwok' },
      },
    });
    log(`node ${FAKE_NODE_NAME}: registered for kwok`);
  }
  await waitUntil(async () => {
    const node = await api.get<Node>(nodePath);
    const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
    if (ready?.status !== 'True') throw new Error(`node ${FAKE_NODE_NAME} is not Ready yet`);
  }, 60_000);
  log(`node ${FAKE_NODE_NAME}: Ready`);
}
