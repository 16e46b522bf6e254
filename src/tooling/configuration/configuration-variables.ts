import path from 'node:path';
import type { z } from 'zod';
import type { ConfigurationPart } from './configuration-parts.ts';

/** One environment variable as the reference lists it. */
export interface ConfigurationVariable {
  name: string;
  /** The parts that read it; the first is where the reference lists it. */
  parts: string[];
  /** The value used when it is unset, as a user would write it; undefined when there is none. */
  defaultValue: string | undefined;
  required: boolean;
  description: string;
}

/** The default a schema gives an unset variable, written as a user would set it. */
function defaultOf(schema: z.ZodType, projectRoot: string): { required: boolean; value: string | undefined } {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return { required: true, value: undefined };
  const value = parsed.data;
  if (value === undefined) return { required: false, value: undefined };
  const text = String(value);
  // Folders inside the checkout are shown relative to it: npm scripts run there, and no machine's path leaks.
  if (path.isAbsolute(text) && text.startsWith(projectRoot))
    return { required: false, value: `./${path.relative(projectRoot, text)}` };
  return { required: false, value: text };
}

/**
 * Every variable of every part, each once. A variable two parts read must mean the same in both: the
 * same default and description, or this fails naming it.
 */
export function configurationVariables(
  parts: readonly ConfigurationPart[],
  projectRoot: string,
): ConfigurationVariable[] {
  const byName = new Map<string, ConfigurationVariable>();
  for (const { part, shape } of parts) {
    for (const [name, schema] of Object.entries(shape)) {
      const description = (schema as z.ZodType).description;
      if (!description)
        throw new Error(`${name} (${part}) has no description: add .describe('…') to its schema`);
      const { required, value } = defaultOf(schema as z.ZodType, projectRoot);
      const known = byName.get(name);
      if (!known) {
        byName.set(name, { name, parts: [part], defaultValue: value, required, description });
        continue;
      }
      if (known.defaultValue !== value || known.required !== required || known.description !== description)
        throw new Error(`${name} means different things in ${known.parts[0]} and ${part}: make them agree`);
      known.parts.push(part);
    }
  }
  return [...byName.values()];
}
