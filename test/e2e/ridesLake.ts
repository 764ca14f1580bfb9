/**
 * A table the field rules were not written against, named like a real lake (`city-rides-1.0.0`, JSON lines by
 * `dt`): coordinates as a lat/lon pair and as "lat,lon" text, a country code, a city, a USD fare, a tip in
 * percent, a trip duration in seconds, a receipt URL, a passenger count, a cabin temperature, a unit price, a driver
 * score, NULLs and one malformed coordinate; some
 * columns carry comments through the local catalog's `_looker.json` (what Glue column comments are on Athena).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RIDES_TABLE = 'city_rides_1_0_0';
export const RIDES_ROWS = 60;

const CITIES = [
  { city: 'Berlin', country: 'DE', lat: 52.52, lon: 13.405 },
  { city: 'Paris', country: 'FR', lat: 48.8566, lon: 2.3522 },
  { city: 'Oslo', country: 'NO', lat: 59.9139, lon: 10.7522 },
];

/** One ride; every 7th has no tip, every 11th no pickup coordinates, every 13th a malformed drop-off text. */
export function ride(i: number): Record<string, unknown> {
  const c = CITIES[i % CITIES.length];
  return {
    pickup_lat: i % 11 === 0 ? null : Number((c.lat + (i % 5) / 100).toFixed(4)),
    pickup_lon: i % 11 === 0 ? null : Number((c.lon - (i % 4) / 100).toFixed(4)),
    dropoffCords: i % 13 === 0 ? 'n/a' : `${(c.lat + 0.05).toFixed(4)},${(c.lon + 0.05).toFixed(4)}`,
    country_code: c.country,
    city: c.city,
    fare_usd: Number((8 + (i % 9) * 2.25).toFixed(2)),
    tip_pct: i % 7 === 0 ? null : (i % 4) * 5,
    trip_seconds: 300 + i * 17,
    receipt_url: `https://receipts.example.com/r/${1000 + i}`,
    passenger_count: 1 + (i % 3),
    cabin_temp: Number((19 + (i % 6) * 0.5).toFixed(1)),
    unit_price: Number((2.5 + (i % 4) * 1.25).toFixed(2)),
    driver_score: 3 + (i % 3),
  };
}

/** Writes the table folder, its rows over three days and its `_looker.json`. */
export async function writeRidesLake(lakeDir: string): Promise<void> {
  const folder = path.join(lakeDir, 'city-rides-1.0.0');
  for (let day = 0; day < 3; day++) {
    const dir = path.join(folder, `dt=2024-03-0${day + 1}`);
    fs.mkdirSync(dir, { recursive: true });
    const rows = Array.from({ length: RIDES_ROWS / 3 }, (_, k) => JSON.stringify(ride(day * (RIDES_ROWS / 3) + k)));
    fs.writeFileSync(path.join(dir, 'rides.json'), `${rows.join('\n')}\n`);
  }
  fs.writeFileSync(
    path.join(folder, '_looker.json'),
    JSON.stringify({
      comments: { fare_usd: 'Fare charged [group=Money]', tip_pct: 'Tip share', city: 'Pickup city [group=Pickup]' },
    }),
  );
}
