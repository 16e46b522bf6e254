import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../src/services/shared/project-root.ts';
import { configurationReference } from '../../src/tooling/configuration/configuration-reference.ts';
import {
  renderConfigurationTable,
  TABLE_END,
  TABLE_START,
  withConfigurationTable,
} from '../../src/tooling/configuration/configuration-table.ts';
import { configurationVariables } from '../../src/tooling/configuration/configuration-variables.ts';
import { renderEnvExample } from '../../src/tooling/configuration/env-example.ts';

describe('the configuration reference', () => {
  it.each(Object.entries(configurationReference(PROJECT_ROOT)))(
    '%s is what the schemas generate',
    (file, text) => {
      expect(
        readFileSync(path.join(PROJECT_ROOT, file), 'utf8'),
        `${file} is stale: run \`npm run config:generate\` and commit it`,
      ).toBe(text);
    },
  );
});

const root = '/checkout';
const part = (name: string, shape: z.ZodRawShape) => ({ part: name, about: `The ${name}.`, shape });

describe('the variables of the schemas', () => {
  const variables = configurationVariables(
    [
      part('service', {
        SERVICE_PORT: z.coerce.number().default(8080).describe('Port it listens on.'),
        SERVICE_URL: z.string().describe('Where its database is.'),
        SERVICE_CA: z.string().optional().describe('A CA | a pipe.'),
        SERVICE_DIR: z.string().default(path.join(root, 'data')).describe('Its files.'),
      }),
      part('job', { SERVICE_PORT: z.coerce.number().default(8080).describe('Port it listens on.') }),
    ],
    root,
  );

  it('gives each variable once, with its default as a user writes it and every part that reads it', () => {
    expect(variables).toEqual([
      {
        name: 'SERVICE_PORT',
        parts: ['service', 'job'],
        defaultValue: '8080',
        required: false,
        description: 'Port it listens on.',
      },
      {
        name: 'SERVICE_URL',
        parts: ['service'],
        defaultValue: undefined,
        required: true,
        description: 'Where its database is.',
      },
      {
        name: 'SERVICE_CA',
        parts: ['service'],
        defaultValue: undefined,
        required: false,
        description: 'A CA | a pipe.',
      },
      {
        name: 'SERVICE_DIR',
        parts: ['service'],
        defaultValue: './data',
        required: false,
        description: 'Its files.',
      },
    ]);
  });

  it('renders a table row per variable, escaping pipes', () => {
    expect(renderConfigurationTable(variables).split('\n')).toEqual([
      '| Variable | Part | Default | Description |',
      '| --- | --- | --- | --- |',
      '| `SERVICE_PORT` | service, job | `8080` | Port it listens on. |',
      '| `SERVICE_URL` | service | required | Where its database is. |',
      '| `SERVICE_CA` | service | unset | A CA \\| a pipe. |',
      '| `SERVICE_DIR` | service | `./data` | Its files. |',
    ]);
  });

  it('renders .env.example commented out, grouped under the part that lists each variable first', () => {
    const text = renderEnvExample([part('service', {}), part('job', {})], variables);
    expect(text).toContain(
      '\n# ---- service\n# The service.\n\n# Port it listens on. Also read by: job.\n# SERVICE_PORT=8080\n',
    );
    expect(text).toContain('# Where its database is. Required.\n# SERVICE_URL=\n');
    expect(text).not.toContain('# ---- job');
    expect(text.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([]);
  });

  it('fails naming a variable without a description', () => {
    expect(() => configurationVariables([part('service', { UNSAID: z.string() })], root)).toThrow(
      "UNSAID (service) has no description: add .describe('…') to its schema",
    );
  });

  it('fails naming a variable two parts disagree on', () => {
    const parts = [
      part('service', { SHARED: z.string().default('a').describe('Shared.') }),
      part('job', { SHARED: z.string().default('b').describe('Shared.') }),
    ];
    expect(() => configurationVariables(parts, root)).toThrow(
      'SHARED means different things in service and job',
    );
  });
});

describe('the table in its document', () => {
  it('replaces only what is between the markers', () => {
    const document = `# Title\n\nprose before\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nprose after\n`;
    expect(withConfigurationTable(document, 'new table')).toBe(
      `# Title\n\nprose before\n\n${TABLE_START}\nnew table\n${TABLE_END}\n\nprose after\n`,
    );
  });

  it('refuses a document without both markers', () => {
    expect(() => withConfigurationTable(`# Title\n${TABLE_END}\n`, 'table')).toThrow(
      /needs <!-- configuration-table:start -->/,
    );
  });
});
