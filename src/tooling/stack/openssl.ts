import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Runs openssl in `folder`; a failure names what was being made and carries openssl's own message. */
export function runOpenssl(folder: string, args: string[], making: string): void {
  try {
    execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed while making ${making}: ${stderr || error}`);
  }
}

export interface CaAndServerCertificate {
  /** What is being made, for error messages, e.g. "the stack's certificates". */
  making: string;
  folder: string;
  caSubject: string;
  caKeyFile: string;
  caFile: string;
  serverSubject: string;
  /** e.g. `IP:127.0.0.1,DNS:localhost`. */
  subjectAltName: string;
  extendedKeyUsage: string;
  serverKeyFile: string;
  serverCertFile: string;
  daysValid: number;
}

/**
 * A new CA (EC P-256) and a server key and certificate it signed, written to the given files; the
 * request, extension and serial files made on the way are removed.
 */
export function makeCaAndServerCertificate(spec: CaAndServerCertificate): void {
  const openssl = (args: string[]) => runOpenssl(spec.folder, args, spec.making);
  const days = String(spec.daysValid);
  const newEcKey = (file: string) =>
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  newEcKey(spec.caKeyFile);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    spec.caKeyFile,
    '-sha256',
    '-days',
    days,
    '-subj',
    spec.caSubject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    spec.caFile,
  ]);
  newEcKey(spec.serverKeyFile);
  const request = path.join(spec.folder, 'server.csr');
  const extensions = path.join(spec.folder, 'server.ext');
  openssl(['req', '-new', '-key', spec.serverKeyFile, '-subj', spec.serverSubject, '-out', request]);
  writeFileSync(
    extensions,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${spec.extendedKeyUsage}`,
      `subjectAltName=${spec.subjectAltName}`,
      '',
    ].join('\n'),
  );
  openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    spec.caFile,
    '-CAkey',
    spec.caKeyFile,
    '-CAcreateserial',
    '-sha256',
    '-days',
    days,
    '-extfile',
    extensions,
    '-out',
    spec.serverCertFile,
  ]);
  for (const leftover of [request, extensions, path.join(spec.folder, 'ca.srl')])
    rmSync(leftover, { force: true });
}
