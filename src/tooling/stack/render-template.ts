import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Fills `${NAME}` placeholders in a config template and writes the result; a placeholder without a value
 * is an error naming it, never an empty string. `${env:...}` and `${sys:...}` are left for the JVM.
 */
export function renderTemplate(template: string, target: string, values: Record<string, string>): string {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, fillTemplate(template, values));
  return target;
}

/** The text of `template` with its placeholders filled, as `renderTemplate` writes it. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return readFileSync(template, 'utf8').replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${template}: no value for placeholder \${${name}}`);
    return value;
  });
}
