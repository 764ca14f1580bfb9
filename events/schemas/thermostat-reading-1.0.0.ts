/** A smart thermostat reported its sensors. */
import type { EventSchema } from '../src/schema';
import { eventTime } from './shared';

export const thermostatReadingV1: EventSchema = {
  type: 'thermostat-reading',
  version: '1.0.0',
  description: 'A smart thermostat reported temperature, set point and humidity.',
  timeField: 'readingTimestamp',
  fields: {
    deviceid: {
      kind: 'string',
      required: true,
      pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
      description: 'Thermostat device id.',
    },
    // Sensor glitches (far outside the room range) are real data the dashboards must show, so no range check.
    temp: { kind: 'double', required: true, description: 'Measured temperature in °C.' },
    setPoint: { kind: 'double', required: true, min: 5, max: 35, description: 'Target temperature in °C.' },
    humidity: {
      kind: 'double',
      required: true,
      min: 0,
      max: 100,
      semantic: 'PERCENT',
      description: 'Relative humidity in %.',
    },
    readingTimestamp: eventTime('When the reading was taken (UTC).'),
    location: {
      kind: 'object',
      description: 'Where the device is installed (optional).',
      fields: {
        building: { kind: 'string', maxLength: 100, description: 'Building name.' },
        floor: { kind: 'int', description: 'Floor number.' },
      },
    },
  },
};
