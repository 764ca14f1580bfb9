/** Field declarations every event schema shares (events/schemas/*.ts). */
import type { FieldSpec } from '../src/schema';

/** Identifiers as the apps send them: a letter or digit, then up to 63 of letters, digits and `._:-`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The required event-time field (the one the `dt` partition is taken from). */
export function eventTime(description: string): FieldSpec {
  return { kind: 'timestamp', required: true, semantic: 'EVENT_TIME', description };
}
