/**
 * Example events for the producer tools, made by the sample lake's own row makers (tools/sampleLake), so the
 * examples, the sample lake and the template's tables all come from the declarations in events/schemas.
 */
import { randomUUID } from 'node:crypto';
import { SAMPLE_TABLES } from '../sampleLake/generate';
import { createRandom } from '../sampleLake/random';
import { sampleRowMaker } from '../sampleLake/generate';

/** Example names: every sample event type. */
export const EXAMPLE_TYPES = SAMPLE_TABLES.map((t) => t.type);

/** `count` events of `type`, timed over the last `spreadMs` before `nowMs`, each with a fresh eventId. */
export function exampleEvents(
  type: string,
  count: number,
  nowMs: number,
  spreadMs = 60_000,
): Record<string, unknown>[] {
  const table = SAMPLE_TABLES.find((t) => t.type === type);
  if (!table) throw new Error(`Unknown example "${type}"; one of: ${EXAMPLE_TYPES.join(', ')}`);
  const seed = randomUUID();
  const makeRow = sampleRowMaker(table, createRandom(seed), createRandom(`${seed}:extras`));
  return Array.from({ length: count }, (_, i) => {
    const ts = nowMs - Math.floor(((count - i) / count) * spreadMs);
    return { ...makeRow(ts), eventId: randomUUID() };
  });
}
