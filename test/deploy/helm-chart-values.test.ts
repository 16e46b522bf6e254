import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRepositoryFile } from './repository-files.ts';

const valuesText = readRepositoryFile('charts/outbox-pipeline/values.yaml');
const values = parse(valuesText) as Record<string, unknown>;
const schema = JSON.parse(readRepositoryFile('charts/outbox-pipeline/values.schema.json'));

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  $ref?: string;
};

/** Dotted paths of the values a user sets: an object with keys is walked into unless the schema stops. */
function valuePaths(node: unknown, schemaNode: Schema | undefined, prefix: string): string[] {
  const isMap = typeof node === 'object' && node !== null && !Array.isArray(node);
  if (!isMap || !schemaNode?.properties) return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, child]) =>
    valuePaths(child, schemaNode.properties?.[key], prefix ? `${prefix}.${key}` : key),
  );
}

function objectsWithoutClosedProperties(node: Schema, at: string): string[] {
  const here = node.properties && node.additionalProperties !== false ? [at] : [];
  const nested = Object.entries(node.properties ?? {}).flatMap(([key, child]) =>
    objectsWithoutClosedProperties(child, `${at}.${key}`),
  );
  return [...here, ...nested];
}

describe('chart values', () => {
  const documented = [...valuesText.matchAll(/^## @param (\S+) /gm)].map((match) => match[1]);

  it('every value has a "## @param" line and every "## @param" names a value', () => {
    const paths = valuePaths(values, schema, '');
    expect(documented.filter((name) => !paths.includes(name as string))).toEqual([]);
    expect(paths.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('every object in values.schema.json refuses keys it does not list', () => {
    const definitions = Object.entries(schema.definitions as Record<string, Schema>).flatMap(([name, node]) =>
      objectsWithoutClosedProperties(node, `definitions.${name}`),
    );
    expect([...objectsWithoutClosedProperties(schema, '$'), ...definitions]).toEqual([]);
  });
});
