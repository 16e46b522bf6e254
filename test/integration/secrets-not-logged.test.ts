import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecrets } from '../../src/tooling/stack/stack-secrets.ts';
import { settings } from './pipeline-harness.ts';

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('the database passwords', () => {
  it('appear in no log of the stack', () => {
    const passwords = Object.values(loadOrCreateSecrets(settings));
    const logs = [
      ...filesUnder(settings.logDir),
      ...filesUnder(settings.pm2Home).filter((file) => file.endsWith('.log')),
    ];
    expect(logs.length).toBeGreaterThan(0);
    for (const file of logs) {
      const text = readFileSync(file, 'utf8');
      for (const password of passwords)
        expect(text.includes(password), `${file} contains a password`).toBe(false);
    }
  });
});
