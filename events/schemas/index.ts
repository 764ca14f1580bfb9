/** Every declared event type and version: the one list the producer, the Glue generator and the sample lake read. */
import type { EventSchema } from '../src/schema';
import { appLogV1 } from './app-log-1.0.0';
import { bookstorePurchaseV1 } from './bookstore-purchase-1.0.0';
import { foodDeliveryV1 } from './food-delivery-1.0.0';
import { foodPickupV1 } from './food-pickup-1.0.0';
import { paymentRequestedV1 } from './payment-requested-1.0.0';
import { thermostatReadingV1 } from './thermostat-reading-1.0.0';

/** In the order the sample lake and the template list them. */
export const EVENT_SCHEMAS: readonly EventSchema[] = [
  foodPickupV1,
  foodDeliveryV1,
  paymentRequestedV1,
  appLogV1,
  bookstorePurchaseV1,
  thermostatReadingV1,
];

export { appLogV1, bookstorePurchaseV1, foodDeliveryV1, foodPickupV1, paymentRequestedV1, thermostatReadingV1 };
