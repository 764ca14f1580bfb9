/** A courier picked an order up at a restaurant. */
import type { EventSchema } from '../src/schema';
import { eventTime, ID_PATTERN } from './shared';

export const foodPickupV1: EventSchema = {
  type: 'food-pickup',
  version: '1.0.0',
  description: 'A courier picked an order up at a restaurant.',
  timeField: 'createdAt',
  fields: {
    createdAt: eventTime('When the pickup happened (UTC).'),
    courierId: { kind: 'string', required: true, pattern: ID_PATTERN, description: 'Courier who picked the order up.' },
    restaurantId: {
      kind: 'string',
      required: true,
      pattern: ID_PATTERN,
      description: 'Restaurant the order was picked up from.',
    },
    restaurantCords: {
      kind: 'coordinates',
      required: true,
      semantic: 'LATITUDE_LONGITUDE',
      description: 'Restaurant location as "lat,lon".',
    },
    clientId: { kind: 'string', required: true, pattern: ID_PATTERN, description: 'Client the order is for.' },
    orderId: { kind: 'string', maxLength: 64, description: 'Order being delivered.' },
    city: { kind: 'string', maxLength: 100, description: 'City of the restaurant.' },
    pickupTimestamp: {
      kind: 'timestamp',
      description: 'Legacy pickup time column of the sample lake (same as createdAt).',
    },
    waitSeconds: {
      kind: 'bigint',
      min: 0,
      semantic: 'DURATION',
      description: 'Seconds the courier waited at the restaurant.',
    },
  },
};
