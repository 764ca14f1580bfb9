/**
 * Examples of any declared event type come from the declaration alone: every real declaration, and a new type
 * the sample lake knows nothing about, give events the producer's validation accepts; `npm run track` names a
 * proxy that is down with its URL.
 */
import { EVENT_SCHEMAS, schemaLookup, validateEvent, type EventSchema } from '../../../events/src';
import { declaredExample } from '../../../tools/track/declaredExample';
import { freePort, runTool } from '../cliSupport/runTool';

const PAGE_VIEW: EventSchema = {
  type: 'page-view',
  version: '1.0.0',
  description: 'A page was viewed.',
  timeField: 'viewedAt',
  fields: {
    pageId: { kind: 'string', required: true, maxLength: 8, description: 'Page.' },
    country: { kind: 'string', required: true, pattern: /^[A-Z]{2}$/, description: 'Country.' },
    channel: { kind: 'string', required: true, enum: ['web', 'app'], description: 'Channel.' },
    seconds: { kind: 'int', required: true, min: 1, max: 600, description: 'Time on page.' },
    views: { kind: 'bigint', description: 'Views so far.' },
    score: { kind: 'double', min: -1, max: 1, description: 'Score.' },
    price: { kind: 'decimal', precision: 6, scale: 2, min: 0, required: true, description: 'Price.' },
    where: { kind: 'coordinates', description: 'Where.' },
    bot: { kind: 'boolean', required: true, description: 'Bot?' },
    device: {
      kind: 'object',
      required: true,
      description: 'Device.',
      fields: { os: { kind: 'string', required: true, enum: ['ios', 'android'], description: 'OS.' } },
    },
    viewedAt: { kind: 'timestamp', required: true, description: 'When.' },
  },
};

describe('declaredExample', () => {
  it.each([...EVENT_SCHEMAS, PAGE_VIEW].map((s) => [s.type, s] as const))(
    'makes valid %s events from the declaration',
    (_type, schema) => {
      const lookup = schemaLookup([...EVENT_SCHEMAS, PAGE_VIEW]);
      for (let i = 0; i < 25; i++) {
        const event = declaredExample(schema, Date.UTC(2026, 6, 4, 12) + i * 1000, i);
        expect(validateEvent(event, lookup)).toMatchObject({ ok: true });
      }
    },
  );

  it('names a required field no simple value can fill', () => {
    const odd: EventSchema = {
      ...PAGE_VIEW,
      fields: { code: { kind: 'string', required: true, pattern: /^zz\d{9}$/, description: 'Odd.' } },
    };
    expect(() => declaredExample(odd, Date.now(), 0)).toThrow(/required field code/);
  });
});

describe('npm run track with no server', () => {
  it('says connection refused and names the URL', async () => {
    const port = await freePort();
    const run = await runTool('tools/track/track.ts', ['food-delivery', '--proxy', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach the proxy at http://127.0.0.1:${port}: connection refused`);
  }, 30_000);
});
