import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CATALOGUE = fileURLToPath(new URL('../../docs/metrics.md', import.meta.url));

export interface CatalogueSection {
  heading: string;
  /** The `job="…"` the heading names, if it names one. */
  job: string | undefined;
  /** The Prometheus names in the first column of the section's table. */
  names: string[];
}

/** The sections of docs/metrics.md whose heading starts with `headingStart`, with their metric names. */
export function catalogueSection(headingStart: string): CatalogueSection {
  const sections = readFileSync(CATALOGUE, 'utf8').split(/^## /m);
  const section = sections.find((text) => text.startsWith(headingStart));
  if (!section) throw new Error(`docs/metrics.md has no section "## ${headingStart}…"`);
  const heading = section.slice(0, section.indexOf('\n'));
  const names = [...section.matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|/gm)].map((match) => match[1] as string);
  return { heading, job: /job="([^"]+)"/.exec(heading)?.[1], names };
}
