import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/services/shared/database-unavailable.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['a connection failure', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['a deadlock', withCode('40P01')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['an answer that never came over a dead link (query_timeout)', new Error('Query read timeout')],
    [
      'a connection whose handshake got no answer',
      new Error('Connection terminated due to connection timeout'),
    ],
  ])('is true for %s', (_, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a numeric overflow', withCode('22003')],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['something not an error', 'connection terminated'],
  ])('is false for %s', (_, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
