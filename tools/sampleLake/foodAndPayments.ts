/** The seeds' delivery-app events: food pickups and deliveries, payment requests (JSON lines, like Firehose). */
import type { Random } from './random';
import { hourProfile, idOf, isoTimestamp, round, uuidOf, type SampleTable } from './sampleTable';

/** Cities with non-ASCII names on purpose: they travel through JSON, CSV results and Looker Studio. */
const CITIES = [
  ['Berlin', 30],
  ['München', 18],
  ['Hamburg', 14],
  ['Zürich', 9],
  ['Wien', 10],
  ['Kraków', 8],
  ['São Paulo', 6],
  ['Málaga', 5],
] as const;

/** Lunch and dinner peaks, a quiet night. */
const MEAL_HOURS = hourProfile(0.4, [[0, 5, 0.1], [11, 13, 3.2], [14, 16, 1.2], [17, 20, 4], [21, 22, 1.5]]);
/** Friday to Sunday are the busy days. */
const FOOD_WEEKDAYS = [1.35, 0.8, 0.85, 0.9, 1.0, 1.3, 1.45];

function foodBasics(rng: Random): { orderId: string; courierId: string; city: string } {
  return { orderId: uuidOf(rng), courierId: idOf('c', rng.int(1, 500), 4), city: rng.weighted(CITIES) };
}

/** `food-pickup`: orderId, restaurantId, courierId, city, pickupTimestamp, waitSeconds. */
export const foodPickup: SampleTable = {
  type: 'food-pickup',
  format: 'json',
  share: 0.2,
  weekday: FOOD_WEEKDAYS,
  hours: MEAL_HOURS,
  rows: (rng) => (ts) => {
    const { orderId, courierId, city } = foodBasics(rng);
    return {
      orderId,
      restaurantId: idOf('r', rng.skewedIndex(200) + 1, 4),
      courierId,
      city,
      pickupTimestamp: isoTimestamp(ts),
      waitSeconds: Math.round(Math.exp(5 + 0.6 * rng.normal())),
    };
  },
};

const DELIVERY_STATUS = [
  ['delivered', 90],
  ['cancelled', 5],
  ['failed', 3],
  ['returned', 2],
] as const;

/** `food-delivery`: orderId, courierId, city, status, deliveryTimestamp, distanceKm. */
export const foodDelivery: SampleTable = {
  type: 'food-delivery',
  format: 'json',
  share: 0.2,
  weekday: FOOD_WEEKDAYS,
  hours: MEAL_HOURS.map((w, h) => MEAL_HOURS[(h + 23) % 24] * 0.5 + w * 0.5),
  rows: (rng) => (ts) => {
    const { orderId, courierId, city } = foodBasics(rng);
    return {
      orderId,
      courierId,
      city,
      status: rng.weighted(DELIVERY_STATUS),
      deliveryTimestamp: isoTimestamp(ts),
      distanceKm: round(Math.exp(1.1 + 0.5 * rng.normal()), 2),
    };
  },
};

const CURRENCIES = [
  ['EUR', 60],
  ['USD', 18],
  ['GBP', 10],
  ['PLN', 7],
  ['CHF', 5],
] as const;

/** `payment-requested`: amount, currency, customerId, purchaseId, timestamp. */
export const paymentRequested: SampleTable = {
  type: 'payment-requested',
  format: 'json',
  share: 0.15,
  weekday: [1.2, 0.9, 0.9, 0.95, 1.0, 1.2, 1.3],
  hours: hourProfile(0.5, [[0, 6, 0.15], [9, 17, 1.4], [18, 22, 2.2]]),
  rows: (rng) => (ts) => ({
    amount: round(Math.max(0.5, Math.exp(3 + 0.7 * rng.normal())), 2),
    currency: rng.weighted(CURRENCIES),
    customerId: idOf('cu', rng.int(1, 20000)),
    purchaseId: uuidOf(rng),
    timestamp: isoTimestamp(ts),
  }),
};
