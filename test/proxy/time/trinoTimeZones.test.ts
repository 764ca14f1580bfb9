import { resolveTimeZone } from '../../../proxy/src/time/timeZones';
import { TRINO_ZONE_NAMES } from '../../../proxy/src/time/trinoTimeZones';

describe("time zones are limited to the ones Athena's Trino knows (docs/athena.md#time-zones)", () => {
  it("ships the whole name section of Trino's zone index", () => {
    // 548 region names of zone-index.properties plus UTC; first and last entries as in that file.
    expect(TRINO_ZONE_NAMES.size).toBe(549);
    for (const name of ['UTC', 'Africa/Abidjan', 'America/Nuuk', 'Europe/Kyiv', 'America/Ciudad_Juarez', 'WET']) {
      expect(TRINO_ZONE_NAMES.has(name)).toBe(true);
    }
    // Commented out in Trino's file (not in java.time or removed from tzdata).
    for (const name of ['EST', 'HST', 'MST', 'US/Pacific-New', 'Canada/East-Saskatchewan']) {
      expect(TRINO_ZONE_NAMES.has(name)).toBe(false);
    }
  });

  it('accepts every Trino name Node knows, resolving to a name Trino also knows', () => {
    const knownToNode = [...TRINO_ZONE_NAMES].filter((name) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: name });
        return true;
      } catch {
        return false;
      }
    });
    expect(knownToNode.length).toBeGreaterThan(500);
    for (const name of knownToNode) {
      const resolved = resolveTimeZone(name);
      expect([name, resolved && TRINO_ZONE_NAMES.has(resolved)]).toEqual([name, true]);
    }
  });

  it('refuses zones Node knows but Trino does not', () => {
    // Coyhaique entered tzdata in 2025; Etc/GMT+5 style names are not region names of the index.
    for (const name of ['America/Coyhaique', 'Etc/GMT+5']) expect(resolveTimeZone(name)).toBeUndefined();
  });

  it('maps aliases to their canonical spelling, which Trino knows', () => {
    expect(resolveTimeZone('Etc/UTC')).toBe('UTC');
    expect(resolveTimeZone('asia/kolkata')).toBe('Asia/Calcutta');
    expect(resolveTimeZone('EST')).toBe('America/Panama');
  });
});
