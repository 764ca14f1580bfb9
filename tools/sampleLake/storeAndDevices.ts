/** Parquet event types: bookstore purchases and thermostat readings (typed columns: decimal, int, timestamp). */
import { bookstorePurchaseV1, thermostatReadingV1 } from '../../events/schemas';
import { createRandom, type Random } from './random';
import { hourProfile, idOf, isoTimestamp, round, type SampleTable } from './sampleTable';

const ADJECTIVES = [
  'Silent',
  'Crimson',
  'Forgotten',
  'Endless',
  'Hidden',
  'Winter',
  'Golden',
  'Last',
  'Broken',
  'Wild',
];
const NOUNS = ['River', 'Garden', 'Kingdom', 'Letters', 'Harbour', 'Algorithm', 'Orchard', 'Voyage', 'Mirror', 'Sky'];
/** Titles that need quoting or are not ASCII. */
const ODD_TITLES = ['Straße der Erinnerung', "L'Étranger, revisited", 'Notes, Letters & "Quotes"', 'Cien años de sol'];
const FIRST_NAMES = ['José', 'Zoë', 'Łukasz', 'Søren', 'Amelia', 'Noah', 'Yuki', 'Chloé', 'Omar', 'Ingrid'];
const LAST_NAMES = ['García', 'Müller', 'Nowak', 'Björk', 'Smith', 'Okafor', 'Tanaka', 'Dubois', 'Rossi', 'Novák'];
const GENRES = ['Fantasy', 'Science Fiction', 'Mystery', 'Romance', 'History', 'Biography', 'Children', 'Poetry'];
const COUNTRIES = [
  ['DE', 30],
  ['US', 22],
  ['GB', 12],
  ['FR', 10],
  ['PL', 8],
  ['BR', 7],
  ['JP', 6],
  ['ES', 5],
] as const;

interface Book {
  bookId: string;
  title: string;
  author: string;
  genre: string;
  price: number;
}

/** A fixed catalogue, drawn from its own stream so row counts never change which books exist. */
function bookCatalogue(count: number): Book[] {
  const rng = createRandom('bookstore-catalogue');
  return Array.from({ length: count }, (_, i) => ({
    bookId: idOf('b', i + 1, 4),
    title: i < ODD_TITLES.length ? ODD_TITLES[i] : `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`,
    author: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    genre: rng.pick(GENRES),
    price: round(4.99 + rng.int(0, 35) + rng.pick([0, 0.5]), 2),
  }));
}

/** `bookstore-purchase`: bookId, title, author, genre, userId, userCountry, userAge, price, purchaseTimestamp. */
export const bookstorePurchase: SampleTable = {
  schema: bookstorePurchaseV1,
  type: bookstorePurchaseV1.type,
  format: 'parquet',
  share: 0.1,
  weekday: [1.4, 0.8, 0.85, 0.9, 0.95, 1.1, 1.5],
  hours: hourProfile(0.3, [
    [0, 6, 0.05],
    [12, 14, 1.2],
    [18, 23, 2.4],
  ]),
  rows: (rng: Random) => {
    const books = bookCatalogue(300);
    return (ts) => {
      const book = books[rng.skewedIndex(books.length)];
      return {
        bookId: book.bookId,
        title: book.title,
        author: book.author,
        genre: book.genre,
        userId: idOf('u', rng.int(1, 50000)),
        userCountry: rng.weighted(COUNTRIES),
        userAge: Math.max(16, Math.min(80, Math.round(36 + 12 * rng.normal()))),
        price: book.price,
        purchaseTimestamp: isoTimestamp(ts),
      };
    };
  },
};

/** `thermostat-reading`: deviceid, temp (about 1% outliers), setPoint, humidity, readingTimestamp. */
export const thermostatReading: SampleTable = {
  schema: thermostatReadingV1,
  type: thermostatReadingV1.type,
  format: 'parquet',
  share: 0.1,
  weekday: [1, 1, 1, 1, 1, 1, 1],
  hours: hourProfile(1, []),
  rows: (rng) => (ts) => {
    const hour = new Date(ts).getUTCHours();
    // Warmer in the afternoon; about 1% of readings are sensor glitches far outside the normal range.
    const normal = 20.5 + 2.5 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + 0.8 * rng.normal();
    const temp = rng.chance(0.01) ? rng.pick([-40 + 10 * rng.next(), 85 + 14 * rng.next()]) : normal;
    return {
      deviceid: idOf('th', rng.int(1, 200), 4),
      temp: round(temp, 1),
      humidity: round(45 + 10 * rng.normal(), 1),
      readingTimestamp: isoTimestamp(ts),
    };
  },
  // Each device keeps one set point (19.0–22.0 °C in half degrees), so it reads like a setting, not noise.
  extras: () => (_ts, row) => ({ setPoint: 19 + 0.5 * (parseInt(String(row.deviceid).slice(3), 10) % 7) }),
};
