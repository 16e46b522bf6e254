import { z } from 'zod';
import { findDecimalProblem } from '../shared/exact-decimal.ts';

const DECIMAL_FORMAT = 'an optional minus sign, 1 to 30 digits, optionally a point and 1 to 18 digits';

/** Quotes at most a few characters of what the caller sent: a 10 MB string is not echoed back. */
function preview(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

const decimalOperand = z.string().superRefine((text, context) => {
  const problem = findDecimalProblem(text);
  if (problem === 'empty') context.addIssue({ code: 'custom', message: 'is required' });
  else if (problem)
    context.addIssue({ code: 'custom', message: `must be ${DECIMAL_FORMAT}; got ${preview(text)}` });
});

/** Optional; when given, printable ASCII without spaces, so it reads the same in every log and tool. */
const idempotencyKey = z
  .string()
  .max(128, 'must be at most 128 characters')
  .regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces')
  .transform((key) => (key === '' ? null : key));

export const addRequestSchema = z.object({ a: decimalOperand, b: decimalOperand, idempotencyKey });

export type ValidAddRequest = z.output<typeof addRequestSchema>;

const FIELD_NAMES: Record<string, string> = { a: 'a', b: 'b', idempotencyKey: 'idempotency_key' };

/** One line naming each bad field by its proto name, e.g. `b: must be ...; got "1e5"`. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${FIELD_NAMES[String(issue.path[0])] ?? issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}
