import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { makeCaAndServerCertificate, runOpenssl } from '../stack/openssl.ts';
import type { ClusterSettings } from './cluster-settings.ts';

/** The first address of the Service range is the API server's own `kubernetes` Service. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
const API_SERVICE_IP = '10.96.0.1';
const DAYS_VALID = 825;

/** Who talks to the API server, each with a bearer token from the token file, and as what groups. */
const CLIENTS = {
  admin: { user: 'outbox-pipeline-admin', groups: ['system:masters'] },
  'kube-controller-manager': { user: 'system:kube-controller-manager', groups: [] },
  'kube-scheduler': { user: 'system:kube-scheduler', groups: [] },
  // kwok writes the status of every node and pod, as a kubelet would for its own.
  kwok: { user: 'kwok', groups: ['system:masters'] },
} as const;

export type ClusterClient = keyof typeof CLIENTS;

export interface ClusterCredentials {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** Signs service account tokens (controller manager, API server) and verifies them (API server). */
  serviceAccountKeyFile: string;
  serviceAccountPublicKeyFile: string;
  tokenFile: string;
  kubeconfigs: Record<ClusterClient, string>;
}

function credentialFiles(settings: ClusterSettings): ClusterCredentials {
  const pki = settings.pkiDir;
  return {
    caFile: path.join(pki, 'ca.crt'),
    serverCertFile: path.join(pki, 'apiserver.crt'),
    serverKeyFile: path.join(pki, 'apiserver.key'),
    serviceAccountKeyFile: path.join(pki, 'service-account.key'),
    serviceAccountPublicKeyFile: path.join(pki, 'service-account.pub'),
    tokenFile: path.join(pki, 'tokens.csv'),
    kubeconfigs: {
      admin: settings.kubeconfig,
      'kube-controller-manager': path.join(pki, 'kube-controller-manager.kubeconfig'),
      'kube-scheduler': path.join(pki, 'kube-scheduler.kubeconfig'),
      kwok: path.join(pki, 'kwok.kubeconfig'),
    },
  };
}

/**
 * Made with openssl on first use and kept, owner-only, under the cluster's data folder: a CA, the API
 * server's certificate for 127.0.0.1 and its in-cluster names, the service account signing key, a token
 * per client, and a kubeconfig per client that trusts that CA. A folder missing any file is made again whole.
 */
export function ensureClusterCredentials(
  settings: ClusterSettings,
  log: (line: string) => void,
): ClusterCredentials {
  const files = credentialFiles(settings);
  const all = [
    ...Object.values(files).filter((value) => typeof value === 'string'),
    ...Object.values(files.kubeconfigs),
  ];
  if (all.every((file) => existsSync(file))) return files;
  const pki = settings.pkiDir;
  rmSync(pki, { recursive: true, force: true });
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  const openssl = (args: string[]) => runOpenssl(pki, args, "the local cluster's certificates");
  const caKey = path.join(pki, 'ca.key');
  makeCaAndServerCertificate({
    making: "the local cluster's certificates",
    folder: pki,
    caSubject: '/CN=outbox-pipeline local cluster CA',
    caKeyFile: caKey,
    caFile: files.caFile,
    serverSubject: '/CN=kube-apiserver',
    subjectAltName: `IP:127.0.0.1,DNS:localhost,IP:${API_SERVICE_IP},DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc`,
    extendedKeyUsage: 'serverAuth',
    serverKeyFile: files.serverKeyFile,
    serverCertFile: files.serverCertFile,
    daysValid: DAYS_VALID,
  });
  openssl([
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    files.serviceAccountKeyFile,
  ]);
  openssl(['pkey', '-in', files.serviceAccountKeyFile, '-pubout', '-out', files.serviceAccountPublicKeyFile]);

  const tokens = Object.fromEntries(
    Object.keys(CLIENTS).map((client) => [client, randomBytes(24).toString('hex')]),
  ) as Record<ClusterClient, string>;
  writeFileSync(
    files.tokenFile,
    `${Object.entries(CLIENTS)
      .map(
        ([client, { user, groups }]) =>
          `${tokens[client as ClusterClient]},${user},${user},"${groups.join(',')}"`,
      )
      .join('\n')}\n`,
  );
  for (const client of Object.keys(CLIENTS) as ClusterClient[]) {
    writeFileSync(
      files.kubeconfigs[client],
      kubeconfig(settings.apiServerUrl, files.caFile, client, tokens[client]),
    );
  }
  for (const file of [caKey, ...all]) chmodSync(file, 0o600);
  chmodSync(files.caFile, 0o644);
  log(`credentials: made a CA, the API server's certificate and a token per client in ${pki}`);
  return files;
}

function kubeconfig(server: string, caFile: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'outbox-pipeline-local',
        cluster: {
          server,
          'certificate-authority-data': Buffer.from(readFileSync(caFile)).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'outbox-pipeline-local', context: { cluster: 'outbox-pipeline-local', user } }],
    'current-context': 'outbox-pipeline-local',
  });
}
