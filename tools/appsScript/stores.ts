/**
 * PropertiesService and CacheService fakes with the documented limits
 * (docs/reference-looker-studio.md#cacheservice-and-propertiesservice-limits): properties 9 KB per value and 500 KB per
 * store; cache keys ≤ 250 characters, values ≤ 100 KB, TTL ≤ 21,600 s.
 */

const PROPERTY_VALUE_LIMIT = 9 * 1024;
const PROPERTY_STORE_LIMIT = 500 * 1024;
const CACHE_KEY_LIMIT = 250;
const CACHE_VALUE_LIMIT = 100 * 1024;
const CACHE_MAX_TTL_SECONDS = 21_600;
const CACHE_DEFAULT_TTL_SECONDS = 600;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** A `Properties` store; `entries` is exposed so tests can inspect exactly what was persisted. */
export class FakeProperties {
  readonly entries = new Map<string, string>();

  getProperty(key: string): string | null {
    return this.entries.get(key) ?? null;
  }

  setProperty(key: string, value: unknown): this {
    const text = String(value);
    if (byteLength(text) > PROPERTY_VALUE_LIMIT) throw new Error('Exception: Argument too large: value');
    const total = [...this.entries].reduce((n, [k, v]) => n + (k === key ? 0 : byteLength(k) + byteLength(v)), 0);
    if (total + byteLength(key) + byteLength(text) > PROPERTY_STORE_LIMIT) {
      throw new Error('Exception: You have exceeded the property storage quota.');
    }
    this.entries.set(key, text);
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): this {
    if (deleteAllOthers) this.entries.clear();
    for (const [k, v] of Object.entries(properties)) this.setProperty(k, v);
    return this;
  }

  getProperties(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }

  getKeys(): string[] {
    return [...this.entries.keys()];
  }

  deleteProperty(key: string): this {
    this.entries.delete(key);
    return this;
  }

  deleteAllProperties(): this {
    this.entries.clear();
    return this;
  }
}

/** A `Cache`; expiry follows the injected clock so tests can move time. */
export class FakeCache {
  readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): string | null {
    checkKey(key);
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return null;
    return entry.value;
  }

  getAll(keys: string[]): Record<string, string> {
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[key] = value;
    }
    return found;
  }

  put(key: string, value: string, expirationInSeconds = CACHE_DEFAULT_TTL_SECONDS): void {
    checkKey(key);
    if (typeof value !== 'string') throw new Error('Exception: Invalid argument: value must be a string');
    if (byteLength(value) > CACHE_VALUE_LIMIT) throw new Error('Exception: Argument too large: value');
    if (!(expirationInSeconds > 0 && expirationInSeconds <= CACHE_MAX_TTL_SECONDS)) {
      throw new Error(`Exception: Invalid argument: expirationInSeconds ${expirationInSeconds}`);
    }
    this.entries.set(key, { value, expiresAt: this.now() + expirationInSeconds * 1000 });
  }

  putAll(values: Record<string, string>, expirationInSeconds?: number): void {
    for (const [k, v] of Object.entries(values)) this.put(k, v, expirationInSeconds);
  }

  remove(key: string): void {
    checkKey(key);
    this.entries.delete(key);
  }

  removeAll(keys: string[]): void {
    keys.forEach((k) => this.remove(k));
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > CACHE_KEY_LIMIT) {
    throw new Error('Exception: Invalid argument: key');
  }
}
