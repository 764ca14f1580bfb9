/**
 * Example events for the producer tools: the sample types by the sample lake's own row makers (tools/sampleLake,
 * realistic values), every other declared type from its declaration alone (declaredExample.ts).
 */
import { randomUUID } from 'node:crypto';
import { SAMPLE_TABLES } from '../sampleLake/generate';
import { createRandom } from '../sampleLake/random';
import { sampleRowMaker } from '../sampleLake/generate';
import { EVENT_SCHEMAS } from '../../events/schemas';
import { declaredExample } from './declaredExample';

/** Example names: every declared event type (examples use its last declared version). */
export const EXAMPLE_TYPES = [...new Set(EVENT_SCHEMAS.map((s) => s.type))];

/** `count` events of `type`, timed over the last `spreadMs` before `nowMs`, each with a fresh eventId. */
export function exampleEvents(
  type: string,
  count: number,
  nowMs: number,
  spreadMs = 60_000,
): Record<string, unknown>[] {
  const table = SAMPLE_TABLES.find((t) => t.type === type);
  const timeAt = (i: number) => nowMs - Math.floor(((count - i) / count) * spreadMs);
  if (!table) {
    const declared = EVENT_SCHEMAS.filter((s) => s.type === type).at(-1);
    if (!declared)
      throw new Error(`Unknown event type "${type}"; declared in events/schemas: ${EXAMPLE_TYPES.join(', ')}`);
    return Array.from({ length: count }, (_, i) => declaredExample(declared, timeAt(i), i));
  }
  const seed = randomUUID();
  const makeRow = sampleRowMaker(table, createRandom(seed), createRandom(`${seed}:extras`));
  return Array.from({ length: count }, (_, i) => {
    return { ...makeRow(timeAt(i)), eventId: randomUUID() };
  });
}
