import { z } from 'zod';

/** A `*_DATABASE_CA_FILE` variable: the CA bundle its database's server certificate must chain to. */
export const databaseCaFile = (database: string) =>
  z
    .string()
    .min(1)
    .optional()
    .describe(
      `PEM file of the CA that signed ${database} Postgres server's certificate. When set, the connection ` +
        "uses TLS and checks the server's certificate and host name against it (libpq's sslmode=verify-full), " +
        'unless the URL chooses its own TLS with sslmode or sslrootcert, which then wins. Unset: TLS is ' +
        'whatever the URL says (pg connects without TLS when it says nothing).',
    );

const CHOOSES_ITS_OWN_TLS = /[?&](sslmode|sslrootcert|ssl)=/;

/**
 * The URL with `sslmode=verify-full&sslrootcert=<caFile>` added, the way pg reads a CA: a URL made by
 * someone else (an operator's Secret) can then be used as it is, with the CA mounted beside it.
 */
export function withDatabaseCa(url: string, caFile: string | undefined): string {
  if (!caFile || CHOOSES_ITS_OWN_TLS.test(url)) return url;
  const tls = new URLSearchParams({ sslmode: 'verify-full', sslrootcert: caFile });
  return `${url}${url.includes('?') ? '&' : '?'}${tls}`;
}
