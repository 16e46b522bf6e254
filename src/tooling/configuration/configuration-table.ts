import type { ConfigurationVariable } from './configuration-variables.ts';

export const TABLE_START = '<!-- configuration-table:start -->';
export const TABLE_END = '<!-- configuration-table:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

function defaultCell(variable: ConfigurationVariable): string {
  if (variable.required) return 'required';
  return variable.defaultValue === undefined ? 'unset' : `\`${cell(variable.defaultValue)}\``;
}

/** The Markdown table of every variable: name, the parts that read it, its default and what it does. */
export function renderConfigurationTable(variables: readonly ConfigurationVariable[]): string {
  const rows = variables.map(
    (variable) =>
      `| \`${variable.name}\` | ${variable.parts.join(', ')} | ${defaultCell(variable)} | ${cell(variable.description)} |`,
  );
  return ['| Variable | Part | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `document` with the table between its markers replaced; fails when the markers are not there once each. */
export function withConfigurationTable(document: string, table: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start || document.indexOf(TABLE_START, start + 1) >= 0)
    throw new Error(`the document needs ${TABLE_START} and, after it, ${TABLE_END}, once each`);
  return `${document.slice(0, start + TABLE_START.length)}\n${table}\n${document.slice(end)}`;
}
