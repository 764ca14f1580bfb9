/** An application log line. */
import type { EventSchema } from '../src/schema';
import { eventTime } from './shared';

export const appLogV1: EventSchema = {
  type: 'app-log',
  version: '1.0.0',
  description: 'A log line of one of the applications.',
  timeField: 'timestamp',
  fields: {
    source: { kind: 'string', maxLength: 100, description: 'Service that logged the line.' },
    logtype: { kind: 'string', required: true, enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], description: 'Log level.' },
    timestamp: eventTime('When the line was logged (UTC).'),
    message: { kind: 'string', maxLength: 10000, description: 'The log message (may be empty).' },
  },
};
