/** The deterministic lake and proxy settings the golden fixtures in this folder were recorded against. */
import type { ServiceSettings } from '../../proxy/src/config';

export const CONTRACT_LAKE = { rows: 3000, days: 30 } as const;

/** A tiny page size so the fixtures show a multi-page answer with a cursor. */
export const CONTRACT_SETTINGS: Partial<ServiceSettings> = { pageTargetBytes: 80 };
