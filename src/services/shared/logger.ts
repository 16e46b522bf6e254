import { pino } from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout, one logger per service, named after it. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
