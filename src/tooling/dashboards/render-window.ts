/** The stretch of time a rendered dashboard shows, in epoch milliseconds. */
export interface RenderWindow {
  fromMs: number;
  toMs: number;
}

/** A moment drawn on every time axis of a rendered page: a fault, a load step. */
export interface TimeMarker {
  atMs: number;
  label: string;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `2h`, `1d` in milliseconds; anything else is an error naming it. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (a number and one of s, m, h, d, e.g. 15m)`);
  const milliseconds = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  if (milliseconds <= 0) throw new Error(`not a duration: "${text}" (it must be longer than zero)`);
  return milliseconds;
}

/** `now`, `now-15m` (Grafana's relative form) or an ISO 8601 date and time. */
export function parseMoment(text: string, nowMs: number): number {
  const trimmed = text.trim();
  if (trimmed === 'now') return nowMs;
  const relative = /^now-(.+)$/.exec(trimmed);
  if (relative) return nowMs - parseDuration(relative[1] as string);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new Error(
    `not a time: "${text}" (now, now-<duration> such as now-15m, or ISO 8601 such as 2026-11-25T18:00:00Z)`,
  );
}

/** The window the flags ask for: `--last`, or `--from`/`--to` (each defaulting as Grafana's `now-15m`/`now`). */
export function renderWindowFrom(
  flags: { from?: string; to?: string; last?: string },
  nowMs: number,
): RenderWindow {
  if (flags.last !== undefined && (flags.from !== undefined || flags.to !== undefined))
    throw new Error('--last cannot be combined with --from or --to');
  if (flags.last !== undefined) return { fromMs: nowMs - parseDuration(flags.last), toMs: nowMs };
  const toMs = parseMoment(flags.to ?? 'now', nowMs);
  const fromMs = flags.from === undefined ? toMs - 15 * 60_000 : parseMoment(flags.from, nowMs);
  if (fromMs >= toMs)
    throw new Error(
      `the window is empty: --from ${new Date(fromMs).toISOString()} is not before --to ${new Date(toMs).toISOString()}`,
    );
  return { fromMs, toMs };
}
