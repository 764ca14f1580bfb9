/**
 * Script-wide settings the connector's owner sets as script properties (Project settings → Script properties in
 * the Apps Script editor). Never secrets: script properties are shared by every user of the script.
 *
 * - `ADMIN_EMAILS`: comma-separated emails that `isAdminUser()` accepts (admins see debug text in errors).
 * - `QUERY_DEADLINE_SECONDS`: total time budget of one call, 10–330 s; default 270 s (4.5 min), well inside Apps
 *   Script's 6-minute limit so the user gets a readable error instead of a killed execution.
 * - `STS_ENDPOINT`: keyless mode only; the STS URL to use instead of `https://sts.<proxy region>.amazonaws.com`
 *   (local development: the local proxy's URL). Read by keylessCredentials.ts.
 */
import type { KeyValueStore } from '../ports';

/** The parsed script properties. */
export interface ConnectorSettings {
  adminEmails: string[];
  deadlineMs: number;
}

/** 4.5 minutes: leaves Apps Script's 6-minute limit room for the error to reach the user. */
export const DEFAULT_DEADLINE_SECONDS = 270;
const MIN_DEADLINE_SECONDS = 10;
const MAX_DEADLINE_SECONDS = 330;

/** Reads the settings; malformed values fall back to the defaults rather than breaking every report. */
export function readSettings(properties: Pick<KeyValueStore, 'get'>): ConnectorSettings {
  const adminEmails = (properties.get('ADMIN_EMAILS') ?? '')
    .split(',')
    .map((email) => email.trim().toLowerCase())
    .filter((email) => email.length > 0);
  const seconds = Number(properties.get('QUERY_DEADLINE_SECONDS') ?? DEFAULT_DEADLINE_SECONDS);
  const valid = Number.isInteger(seconds) && seconds >= MIN_DEADLINE_SECONDS && seconds <= MAX_DEADLINE_SECONDS;
  return { adminEmails, deadlineMs: (valid ? seconds : DEFAULT_DEADLINE_SECONDS) * 1000 };
}

/** Whether the email is on the admin allow-list (case-insensitive; an empty email never is). */
export function isAdminEmail(email: string, settings: ConnectorSettings): boolean {
  const normalized = email.trim().toLowerCase();
  return normalized.length > 0 && settings.adminEmails.includes(normalized);
}
