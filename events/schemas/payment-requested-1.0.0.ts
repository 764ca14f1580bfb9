/** A payment was requested from a customer. */
import type { EventSchema } from '../src/schema';
import { eventTime } from './shared';

export const paymentRequestedV1: EventSchema = {
  type: 'payment-requested',
  version: '1.0.0',
  description: 'A payment was requested from a customer.',
  timeField: 'createdAt',
  fields: {
    createdAt: eventTime('When the payment was requested (UTC).'),
    // Minor units (cents) keep money exact in JSON; amount_usd is the reporting-friendly decimal.
    amount: {
      kind: 'bigint',
      required: true,
      min: 0,
      description: 'Amount requested in minor units of currency (e.g. cents).',
    },
    customerId: { kind: 'bigint', required: true, min: 0, description: 'Customer asked to pay.' },
    purchaseId: { kind: 'bigint', required: true, min: 0, description: 'Purchase being paid for.' },
    currency: { kind: 'string', pattern: /^[A-Z]{3}$/, description: 'ISO 4217 currency of amount.' },
    timestamp: { kind: 'timestamp', description: 'Legacy request time column of the sample lake (same as createdAt).' },
    amount_usd: {
      kind: 'decimal',
      precision: 12,
      scale: 2,
      min: 0,
      semantic: 'CURRENCY_USD',
      description: 'Amount converted to US dollars.',
    },
  },
};
