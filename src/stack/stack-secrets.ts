import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StackSettings } from './stack-settings.ts';

export interface StackSecrets {
  adminPassword: string;
  calculatorPassword: string;
  totalsPassword: string;
  debeziumPassword: string;
}

/**
 * The local stack's database passwords: made up on first use and kept, readable by the owner only, in
 * the data folder, so no password is written in the repository or printed in a log.
 */
export function loadOrCreateSecrets(settings: StackSettings): StackSecrets {
  const file = path.join(settings.dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StackSecrets;
  const secret = () => randomBytes(18).toString('base64url');
  const secrets: StackSecrets = {
    adminPassword: secret(),
    calculatorPassword: secret(),
    totalsPassword: secret(),
    debeziumPassword: secret(),
  };
  mkdirSync(settings.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
