// SQLSTATE classes that mean "the database could not do it now", not "the request is wrong":
// 08 connection exception, 53 insufficient resources, 57 operator intervention (57014: statement
// timeout), 40 transaction rollback (serialization failure, deadlock).
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57']);
const TRANSIENT_SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * Whether an error from pg means the database is unreachable, overloaded or timed out: worth answering
 * UNAVAILABLE (retry with the same idempotency key) rather than INTERNAL.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
    if (TRANSIENT_SOCKET_ERRORS.has(code)) return true;
  }
  // pg reports a connection lost mid-query, a pool that timed out waiting, or a statement whose answer
  // never came (query_timeout: the link is dead), without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
    error.message,
  );
}
