/**
 * The ports through which the connector reaches Apps Script services. Entry points (main.ts) build them from the
 * real globals (gas/services.ts) at call time — never at module load — and everything else receives them, so the
 * core runs in plain Node tests with fakes.
 */
import type { SigV4Crypto } from './sigv4';

/** One HTTP request, in the shape UrlFetchApp sends it. */
export interface HttpRequest {
  url: string;
  method: 'get' | 'post' | 'delete';
  headers: Record<string, string>;
  /** JSON text; sent as `application/json` unless `contentType` says otherwise. */
  payload?: string;
  /** Only for non-JSON bodies (the STS form post). */
  contentType?: string;
}

/** One HTTP response; header names as the server sent them (compare case-insensitively). */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** UrlFetchApp behind an interface. */
export interface HttpPort {
  /** Sends all requests in parallel; throws {@link TransportError} when any of them could not be sent at all. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

/** Raised by an {@link HttpPort} for DNS, connection and timeout failures (no HTTP status). */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

/** A string key-value store (PropertiesService). */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** A string cache with expiry (CacheService). Keys ≤ 250 characters, values ≤ 100 KB, TTL ≤ 21,600 s. */
export interface CachePort {
  get(key: string): string | null;
  put(key: string, value: string, ttlSeconds: number): void;
  remove(key: string): void;
}

/** Builder of a Looker Studio user error (`newUserError()`); `throwException` never returns. */
export interface UserErrorBuilder {
  setText(text: string): UserErrorBuilder;
  setDebugText(text: string): UserErrorBuilder;
  throwException(): never;
}

/** A config entry builder (text input, select, checkbox) — the setters the connector uses. */
export interface ConfigEntryBuilder {
  setId(id: string): ConfigEntryBuilder;
  setName(name: string): ConfigEntryBuilder;
  setHelpText(text: string): ConfigEntryBuilder;
  setIsDynamic(dynamic: boolean): ConfigEntryBuilder;
  setAllowOverride(allow: boolean): ConfigEntryBuilder;
  setPlaceholder(text: string): ConfigEntryBuilder;
  addOption(option: ConfigOptionBuilder): ConfigEntryBuilder;
}

/** `config.newOptionBuilder()`. */
export interface ConfigOptionBuilder {
  setLabel(label: string): ConfigOptionBuilder;
  setValue(value: string): ConfigOptionBuilder;
}

/** `cc.getConfig()` — the Config builder. */
export interface ConfigBuilder {
  newTextInput(): ConfigEntryBuilder;
  newSelectSingle(): ConfigEntryBuilder;
  newCheckbox(): ConfigEntryBuilder;
  newOptionBuilder(): ConfigOptionBuilder;
  setDateRangeRequired(required: boolean): ConfigBuilder;
  setIsSteppedConfig(stepped: boolean): ConfigBuilder;
  build(): unknown;
}

/** The part of `DataStudioApp.createCommunityConnector()` the connector uses. */
export interface LookerConnector {
  AuthType: { PATH_USER_PASS: unknown };
  getConfig(): ConfigBuilder;
  newUserError(): UserErrorBuilder;
  newAuthTypeResponse(): {
    setAuthType(type: unknown): { setHelpUrl(url: string): { build(): unknown } };
  };
}

/** Everything an entry point may use. */
export interface ConnectorServices {
  looker: LookerConnector;
  http: HttpPort;
  /** Per-user store: the only place credentials live. */
  userProperties: KeyValueStore;
  /** Script-wide settings set by the connector's owner (e.g. ADMIN_EMAILS); read only. */
  scriptProperties: Pick<KeyValueStore, 'get'>;
  /** Per-user cache. */
  userCache: CachePort;
  crypto: SigV4Crypto;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Blocks for `ms` (Utilities.sleep); there are no timers in Apps Script. */
  sleep(ms: number): void;
  /** Email of the effective user (may be '' when Apps Script withholds it). */
  sessionEmail(): string;
  /** ScriptApp.getIdentityToken(): the user's OpenID Connect ID token; '' or a throw when `openid` is not granted. */
  identityToken(): string;
  /** Operational log line (Cloud Logging); callers never pass secrets. */
  log(message: string): void;
}
