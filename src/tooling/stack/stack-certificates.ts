import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeCaAndServerCertificate } from './openssl.ts';
import type { StackSettings } from './stack-settings.ts';

/** The local stack's certificate authority and the one server certificate every listener presents. */
export interface StackTlsFiles {
  /** The CA every client of the stack trusts: the only file here that is not a secret. */
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** The server key and certificate chain in one PEM file, as Kafka's `ssl.keystore.type=PEM` reads it. */
  kafkaKeystoreFile: string;
}

const DAYS_VALID = 825;

export function stackTlsFiles(settings: StackSettings): StackTlsFiles {
  const folder = path.join(settings.dataDir, 'tls');
  return {
    caFile: path.join(folder, 'ca.crt'),
    serverCertFile: path.join(folder, 'server.crt'),
    serverKeyFile: path.join(folder, 'server.key'),
    kafkaKeystoreFile: path.join(folder, 'kafka-server.pem'),
  };
}

/**
 * Made with openssl on first use and kept in the data folder, owner-only (0600): a CA of this data folder
 * alone, and a server certificate for 127.0.0.1 and localhost that it signed. Nothing is printed but the
 * paths; a folder missing any file is made again whole, so the CA and the certificate always match.
 */
export function ensureStackCertificates(settings: StackSettings, log: (line: string) => void): StackTlsFiles {
  const files = stackTlsFiles(settings);
  if (Object.values(files).every((file) => existsSync(file))) return files;
  const folder = path.dirname(files.caFile);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const caKey = path.join(folder, 'ca.key');
  makeCaAndServerCertificate({
    making: "the stack's certificates",
    folder,
    caSubject: `/CN=outbox-pipeline local CA ${new Date().toISOString().slice(0, 10)}`,
    caKeyFile: caKey,
    caFile: files.caFile,
    serverSubject: '/CN=localhost',
    subjectAltName: 'IP:127.0.0.1,DNS:localhost',
    extendedKeyUsage: 'serverAuth,clientAuth',
    serverKeyFile: files.serverKeyFile,
    serverCertFile: files.serverCertFile,
    daysValid: DAYS_VALID,
  });
  writeFileSync(
    files.kafkaKeystoreFile,
    readFileSync(files.serverKeyFile, 'utf8') + readFileSync(files.serverCertFile, 'utf8'),
  );
  for (const file of [caKey, ...Object.values(files)]) chmodSync(file, 0o600);
  log(`tls: made a CA and a server certificate for 127.0.0.1 in ${folder}`);
  return files;
}
