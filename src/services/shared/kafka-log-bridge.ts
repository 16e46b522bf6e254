import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';
import type { Logger } from './logger.ts';

/** Sends kafkajs's own log lines through the service's JSON logger. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...fields } = log;
      if (level === KafkaLogLevel.ERROR) child.error(fields, message);
      else if (level === KafkaLogLevel.WARN) child.warn(fields, message);
      else if (level === KafkaLogLevel.INFO) child.info(fields, message);
      else child.debug(fields, message);
    };
}
