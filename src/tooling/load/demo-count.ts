/** The count of additions `npm run demo` sends, from its one optional argument, or why it is wrong. */
export function parseDemoCount(text = '1000'): { count: number } | { error: string } {
  const count = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(count) || count < 1 || count > 1_000_000)
    return { error: `the count must be a whole number from 1 to 1000000, not ${JSON.stringify(text)}` };
  return { count };
}
