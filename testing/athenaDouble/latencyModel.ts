/**
 * The double's model of Athena's latency, for benchmarks that would otherwise wait real seconds per query
 * (docs/performance.md#cost-bench). The double answers at DuckDB's speed; Athena answers no query in well under a
 * second: users report 1–3 s in the console for small queries and a 2 s floor even for reused results through an
 * asynchronous poller (grafana/athena-datasource issues 39, 40 and 256; docs/reference-athena.md). The model:
 * a floor per query that ran, a smaller one for a reused result, and scan time proportional to bytes scanned.
 */

export interface AthenaLatencyModel {
  /** Planning, queueing and the first poll of a query that scans. */
  floorMs: number;
  /** A query Athena answered from a reused result. */
  reusedMs: number;
  /** Scan time per GiB scanned. */
  msPerGib: number;
}

export const ATHENA_LATENCY_MODEL: AthenaLatencyModel = { floorMs: 1000, reusedMs: 300, msPerGib: 2000 };

/** Modelled milliseconds of one Athena query that scanned `bytesScanned` (or was reused). */
export function modelledAthenaMs(
  query: { bytesScanned: number; reused: boolean },
  model: AthenaLatencyModel = ATHENA_LATENCY_MODEL,
): number {
  if (query.reused) return model.reusedMs;
  return Math.round(model.floorMs + (query.bytesScanned / 2 ** 30) * model.msPerGib);
}
