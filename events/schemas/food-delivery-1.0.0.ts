/** A courier finished (or gave up on) a delivery. */
import type { EventSchema } from '../src/schema';
import { eventTime, ID_PATTERN } from './shared';

export const foodDeliveryV1: EventSchema = {
  type: 'food-delivery',
  version: '1.0.0',
  description: 'A courier finished a delivery, or it was cancelled, failed or returned.',
  timeField: 'createdAt',
  fields: {
    createdAt: eventTime('When the delivery ended (UTC).'),
    courierId: { kind: 'string', required: true, pattern: ID_PATTERN, description: 'Courier who delivered.' },
    restaurantId: {
      kind: 'string',
      required: true,
      pattern: ID_PATTERN,
      description: 'Restaurant the order came from.',
    },
    clientCords: {
      kind: 'coordinates',
      required: true,
      semantic: 'LATITUDE_LONGITUDE',
      description: 'Client location as "lat,lon".',
    },
    clientId: {
      kind: 'string',
      required: true,
      pattern: ID_PATTERN,
      description: 'Client the order was delivered to.',
    },
    status: {
      kind: 'string',
      required: true,
      pattern: /^[A-Za-z_]{1,32}$/,
      description: 'Outcome, e.g. DELIVERED (the sample uses lower case).',
    },
    orderId: { kind: 'string', maxLength: 64, description: 'Order delivered.' },
    city: { kind: 'string', maxLength: 100, description: 'City of the delivery.' },
    deliveryTimestamp: {
      kind: 'timestamp',
      description: 'Legacy delivery time column of the sample lake (same as createdAt).',
    },
    distanceKm: { kind: 'double', min: 0, description: 'Distance driven, in kilometres.' },
    country_code: {
      kind: 'string',
      pattern: /^[A-Z]{2}$/,
      semantic: 'COUNTRY_CODE',
      description: 'ISO 3166-1 alpha-2 country of the delivery.',
    },
    tip_pct: {
      kind: 'double',
      min: 0,
      max: 30,
      semantic: 'PERCENT',
      description: 'Tip as a percentage of the order value (0 to 30).',
    },
    delivery_seconds: { kind: 'int', min: 0, semantic: 'DURATION', description: 'Seconds from pickup to hand-over.' },
    receipt_url: {
      kind: 'string',
      pattern: /^https:\/\/[^\s]{1,2000}$/,
      semantic: 'URL',
      description: 'Link to the receipt.',
    },
  },
};
