export const DEMO_USAGE = `usage: npm run demo [-- <count>]
  sends <count> awkward additions (default 1000, at most 1000000) to the running stack's calculator,
  then reconciles the calculator's calculations with the totals keeper's running total`;

/** What `npm run demo` was asked: help, a count of additions, or why the arguments are wrong. */
export function parseDemoArguments(
  args: readonly string[],
): { help: true } | { count: number } | { error: string } {
  if (args.includes('--help') || args.includes('-h')) return { help: true };
  if (args.length > 1) return { error: `expected at most one argument, the count; got ${args.join(' ')}` };
  const [text = '1000'] = args;
  const count = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(count) || count < 1 || count > 1_000_000)
    return { error: `the count must be a whole number from 1 to 1000000, not ${JSON.stringify(text)}` };
  return { count };
}
