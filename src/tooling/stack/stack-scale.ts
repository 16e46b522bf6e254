import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * How many of each service the stack was last brought up with, and whether its Postgres had a standby, so
 * that every later command agrees.
 */
export interface StackScale {
  calculators: number;
  totalsKeepers: number;
  /** Absent in a file written before the stack could run a standby: none. */
  postgresHa?: boolean;
}

const scaleFile = (dataDir: string) => path.join(dataDir, 'stack-scale.json');

const stackScaleSchema = z.object({
  calculators: z.number().int().min(1),
  totalsKeepers: z.number().int().min(1),
  postgresHa: z.boolean().optional(),
});

/** Undefined when the stack was never brought up here, or the file is not one this project wrote. */
export function readStackScale(dataDir: string): StackScale | undefined {
  try {
    const parsed = stackScaleSchema.safeParse(JSON.parse(readFileSync(scaleFile(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeStackScale(dataDir: string, scale: StackScale): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(scaleFile(dataDir), `${JSON.stringify(scale)}\n`);
}
