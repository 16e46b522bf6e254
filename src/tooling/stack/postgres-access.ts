import { chmodSync, chownSync, copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stackTlsFiles } from './stack-certificates.ts';
import type { StackSettings } from './stack-settings.ts';

/** The files an embedded server reads for who may connect and how: rendered into its data folder. */
export function postgresAccessFiles(dataDir: string) {
  return {
    hbaFile: path.join(dataDir, 'stack_pg_hba.conf'),
    certFile: path.join(dataDir, 'stack_server.crt'),
    keyFile: path.join(dataDir, 'stack_server.key'),
    /** A standby checks its primary's certificate against it. */
    caFile: path.join(dataDir, 'stack_ca.crt'),
  };
}

/**
 * pg_hba.conf for the stack's loopback listener, password checked by SCRAM. Secured, every line is
 * `hostssl`, replication included: a connection without TLS matches none and is refused. No `local`
 * line: nothing of the stack uses the socket, and none of its clients should get around TLS by it.
 */
export function renderPgHba(secured: boolean): string {
  const type = secured ? 'hostssl' : 'host';
  const lines = ['all', 'replication'].flatMap((database) =>
    ['127.0.0.1/32', '::1/128'].map((address) =>
      [type, database, 'all', address, 'scram-sha-256'].join('\t'),
    ),
  );
  const header = secured
    ? '# Rendered by the local stack at each start: TLS only (hostssl), replication included.'
    : '# Rendered by the local stack at each start: STACK_SECURITY=off, plaintext allowed.';
  return [header, ...lines, ''].join('\n');
}

/**
 * Written at every start, so a data folder made before security existed gets them too. The server runs
 * as the `postgres` user when the stack runs as root, and that user cannot read the stack's TLS folder:
 * it gets a copy of the certificate and key it owns (`owner`), the key owner-only as Postgres demands.
 */
export function preparePostgresAccess(
  settings: StackSettings,
  dataDir: string,
  owner: { uid: number; gid: number } | undefined,
): void {
  const files = postgresAccessFiles(dataDir);
  writeFileSync(files.hbaFile, renderPgHba(settings.secured), { mode: 0o600 });
  const owned = [files.hbaFile];
  if (settings.secured) {
    const tls = stackTlsFiles(settings);
    copyFileSync(tls.serverCertFile, files.certFile);
    copyFileSync(tls.serverKeyFile, files.keyFile);
    copyFileSync(tls.caFile, files.caFile);
    owned.push(files.certFile, files.keyFile, files.caFile);
  }
  for (const file of owned) {
    chmodSync(file, 0o600);
    if (owner) chownSync(file, owner.uid, owner.gid);
  }
}
