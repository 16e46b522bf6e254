import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { z } from 'zod';

const optionalPath = z.string().min(1).optional();

/** Every Kafka client of the project reads the same variables: TLS with a CA, SASL with one principal. */
export const kafkaClientSecurityShape = {
  KAFKA_SSL: z
    .stringbool()
    .optional()
    .describe(
      'Speak TLS to Kafka. Unset: on when KAFKA_SSL_CA_FILE or KAFKA_SASL_MECHANISM is set. Set it to true ' +
        "for a managed Kafka whose certificate a public CA signed (Node's built-in CAs are trusted then).",
    ),
  KAFKA_SSL_CA_FILE: optionalPath.describe(
    "PEM file of the CA that signed the brokers' certificates (the brokers' hostnames are verified).",
  ),
  KAFKA_SASL_MECHANISM: z
    .enum(['scram-sha-512', 'scram-sha-256', 'plain'])
    .optional()
    .describe(
      'SASL mechanism: scram-sha-512, scram-sha-256 or plain (plain only over TLS). Unset: no SASL, ' +
        'the Kafka client is unauthenticated.',
    ),
  KAFKA_SASL_USERNAME: optionalPath.describe(
    'SASL user name (the Kafka principal), with KAFKA_SASL_MECHANISM.',
  ),
  KAFKA_SASL_PASSWORD: optionalPath.describe(
    'SASL password; or KAFKA_SASL_PASSWORD_FILE (exactly one of the two with KAFKA_SASL_MECHANISM).',
  ),
  KAFKA_SASL_PASSWORD_FILE: optionalPath.describe(
    'File holding the SASL password (a mounted secret); a trailing newline is ignored.',
  ),
};

export interface KafkaClientSecurityConfig {
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: 'scram-sha-512' | 'scram-sha-256' | 'plain' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_SASL_PASSWORD_FILE?: string | undefined;
}

export type KafkaClientSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

const invalid = (message: string) => new Error(`Invalid configuration: ${message}`);

/**
 * kafkajs' `ssl` and `sasl` options from the variables. A combination that would quietly send a password
 * in the clear, or name a user without a password, fails at start naming the variable.
 */
export function kafkaClientSecurity(config: KafkaClientSecurityConfig): KafkaClientSecurity {
  const ssl = config.KAFKA_SSL ?? Boolean(config.KAFKA_SSL_CA_FILE || config.KAFKA_SASL_MECHANISM);
  if (!ssl && config.KAFKA_SSL_CA_FILE)
    throw invalid('KAFKA_SSL_CA_FILE is set but KAFKA_SSL=false: the CA would not be used');
  if (!ssl && config.KAFKA_SASL_MECHANISM)
    throw invalid(
      'KAFKA_SASL_MECHANISM without TLS (KAFKA_SSL=false) would send the credentials in the clear',
    );
  const security: KafkaClientSecurity = {};
  if (ssl)
    security.ssl = config.KAFKA_SSL_CA_FILE
      ? { ca: [readConfiguredFile('KAFKA_SSL_CA_FILE', config.KAFKA_SSL_CA_FILE)] }
      : true;
  const sasl = saslOptions(config);
  if (sasl) security.sasl = sasl;
  return security;
}

function saslOptions(config: KafkaClientSecurityConfig): SASLOptions | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = config;
  const { KAFKA_SASL_PASSWORD: password, KAFKA_SASL_PASSWORD_FILE: passwordFile } = config;
  if (!mechanism) {
    const stray = Object.entries({
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD: password,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    }).find(([, value]) => value !== undefined);
    if (stray) throw invalid(`${stray[0]} is set but KAFKA_SASL_MECHANISM is not`);
    return undefined;
  }
  if (!username) throw invalid('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
  if (password !== undefined && passwordFile !== undefined)
    throw invalid('set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  if (password === undefined && passwordFile === undefined)
    throw invalid('KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM');
  const secret =
    password ?? readConfiguredFile('KAFKA_SASL_PASSWORD_FILE', passwordFile as string).replace(/\r?\n$/, '');
  if (!secret) throw invalid('the SASL password is empty');
  return { mechanism, username, password: secret };
}

function readConfiguredFile(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(`${variable}: cannot read ${file}: ${(error as Error).message}`);
  }
}
