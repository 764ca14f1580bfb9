/** The seeds' delivery-app events: food pickups and deliveries, payment requests (JSON lines, like Firehose). */
import { foodDeliveryV1, foodPickupV1, paymentRequestedV1 } from '../../events/schemas';
import type { Random } from './random';
import { hourProfile, idOf, isoTimestamp, round, uuidOf, type SampleRow, type SampleTable } from './sampleTable';

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

/** City centre (lat, lon) and ISO country of each city, for the coordinate and country columns. */
const CITY_PLACES: Record<string, readonly [number, number, string]> = {
  Berlin: [52.52, 13.405, 'DE'],
  München: [48.1374, 11.5755, 'DE'],
  Hamburg: [53.5511, 9.9937, 'DE'],
  Zürich: [47.3769, 8.5417, 'CH'],
  Wien: [48.2082, 16.3738, 'AT'],
  Kraków: [50.0647, 19.945, 'PL'],
  'São Paulo': [-23.5505, -46.6333, 'BR'],
  Málaga: [36.7213, -4.4214, 'ES'],
};

/** A `"lat,lon"` point within a few kilometres of the row's city centre. */
function cordsNear(rng: Random, city: string): string {
  const [lat, lon] = CITY_PLACES[city] ?? [0, 0];
  return `${(lat + 0.05 * (rng.next() - 0.5)).toFixed(7)},${(lon + 0.08 * (rng.next() - 0.5)).toFixed(7)}`;
}

/** Lunch and dinner peaks, a quiet night. */
const MEAL_HOURS = hourProfile(0.4, [
  [0, 5, 0.1],
  [11, 13, 3.2],
  [14, 16, 1.2],
  [17, 20, 4],
  [21, 22, 1.5],
]);
/** Friday to Sunday are the busy days. */
const FOOD_WEEKDAYS = [1.35, 0.8, 0.85, 0.9, 1.0, 1.3, 1.45];

function foodBasics(rng: Random): { orderId: string; courierId: string; city: string } {
  return { orderId: uuidOf(rng), courierId: idOf('c', rng.int(1, 500), 4), city: rng.weighted(CITIES) };
}

/** `food-pickup`: orderId, restaurantId, courierId, city, pickupTimestamp, waitSeconds. */
export const foodPickup: SampleTable = {
  schema: foodPickupV1,
  type: foodPickupV1.type,
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
  extras: (rng) => (ts, row) => ({
    createdAt: isoTimestamp(ts),
    restaurantCords: cordsNear(rng, String(row.city)),
    clientId: idOf('cl', rng.int(1, 40000)),
  }),
};

const DELIVERY_STATUS = [
  ['delivered', 90],
  ['cancelled', 5],
  ['failed', 3],
  ['returned', 2],
] as const;

/** `food-delivery`: orderId, courierId, city, status, deliveryTimestamp, distanceKm. */
export const foodDelivery: SampleTable = {
  schema: foodDeliveryV1,
  type: foodDeliveryV1.type,
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
  extras:
    (rng) =>
    (ts, row): SampleRow => ({
      createdAt: isoTimestamp(ts),
      restaurantId: idOf('r', rng.skewedIndex(200) + 1, 4),
      clientCords: cordsNear(rng, String(row.city)),
      clientId: idOf('cl', rng.int(1, 40000)),
      country_code: CITY_PLACES[String(row.city)]?.[2] ?? null,
      tip_pct: rng.chance(0.35) ? 0 : round(Math.min(30, 3 + 12 * rng.next()), 1),
      delivery_seconds: Math.round(240 + Number(row.distanceKm) * (150 + 60 * rng.next())),
      receipt_url: `https://example.com/receipts/${row.orderId}`,
    }),
};

const CURRENCIES = [
  ['EUR', 60],
  ['USD', 18],
  ['GBP', 10],
  ['PLN', 7],
  ['CHF', 5],
] as const;

/** US dollars per unit of each sample currency (fixed, so amount_usd is reproducible). */
const USD_PER_UNIT: Record<string, number> = { EUR: 1.08, USD: 1, GBP: 1.27, PLN: 0.25, CHF: 1.12 };

/**
 * `payment-requested`: amount (minor units), currency, customerId, purchaseId (integers), timestamp. The first
 * sample lake had amount as a decimal of major units and text ids; the declared event (events/schemas) has integer
 * minor units and bigint ids, so the same draws are written in those units (docs/events.md#payment-amounts).
 */
export const paymentRequested: SampleTable = {
  schema: paymentRequestedV1,
  type: paymentRequestedV1.type,
  format: 'json',
  share: 0.15,
  weekday: [1.2, 0.9, 0.9, 0.95, 1.0, 1.2, 1.3],
  hours: hourProfile(0.5, [
    [0, 6, 0.15],
    [9, 17, 1.4],
    [18, 22, 2.2],
  ]),
  rows: (rng) => (ts) => ({
    amount: Math.round(100 * round(Math.max(0.5, Math.exp(3 + 0.7 * rng.normal())), 2)),
    currency: rng.weighted(CURRENCIES),
    customerId: rng.int(1, 20000),
    // The drawn UUID's first 12 hex digits: a 48-bit integer, exact in every JSON reader.
    purchaseId: parseInt(uuidOf(rng).slice(0, 13).replace('-', ''), 16),
    timestamp: isoTimestamp(ts),
  }),
  extras: () => (ts, row) => ({
    createdAt: isoTimestamp(ts),
    amount_usd: round((Number(row.amount) / 100) * USD_PER_UNIT[String(row.currency)], 2),
  }),
};
