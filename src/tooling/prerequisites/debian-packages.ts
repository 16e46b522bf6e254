/**
 * The programs the local stack and its tests run from Debian's packages: the one list the prerequisites
 * check, the installer and the printed fix all read.
 */
export interface DebianPackage {
  /** The Debian package that provides the commands. */
  name: string;
  /** Commands on PATH that show the package is installed. */
  commands: string[];
  /** What the project needs it for, printed when it is missing. */
  neededFor: string;
}

export const DEBIAN_PACKAGES: readonly DebianPackage[] = [
  {
    name: 'prometheus',
    commands: ['prometheus', 'promtool'],
    neededFor: 'the local stack scrapes its metrics with it; the rule and dashboard tests run promtool',
  },
  {
    name: 'prometheus-postgres-exporter',
    commands: ['prometheus-postgres-exporter'],
    neededFor: "the local stack exports Postgres's replication-slot figures with it",
  },
  {
    name: 'openssl',
    commands: ['openssl'],
    neededFor: 'the local stack makes its CA and server certificate with it (so do the TLS tests)',
  },
  { name: 'chromium', commands: ['chromium'], neededFor: 'the rendered dashboards are tested in it' },
];
