/** A book was bought in the online bookstore. */
import type { EventSchema } from '../src/schema';
import { eventTime } from './shared';

export const bookstorePurchaseV1: EventSchema = {
  type: 'bookstore-purchase',
  version: '1.0.0',
  description: 'A book was bought in the online bookstore.',
  timeField: 'purchaseTimestamp',
  fields: {
    bookId: { kind: 'string', required: true, maxLength: 64, description: 'Book bought.' },
    title: { kind: 'string', maxLength: 500, description: 'Book title.' },
    author: { kind: 'string', maxLength: 200, description: 'Book author.' },
    genre: { kind: 'string', maxLength: 100, description: 'Book genre.' },
    userId: { kind: 'string', required: true, maxLength: 64, description: 'Buyer.' },
    userCountry: {
      kind: 'string',
      pattern: /^[A-Z]{2}$/,
      semantic: 'COUNTRY_CODE',
      description: 'Buyer country (ISO 3166-1 alpha-2).',
    },
    userAge: { kind: 'int', min: 0, max: 150, description: 'Buyer age in years.' },
    price: { kind: 'decimal', precision: 10, scale: 2, required: true, min: 0, description: 'Price paid.' },
    purchaseTimestamp: eventTime('When the purchase happened (UTC).'),
  },
};
