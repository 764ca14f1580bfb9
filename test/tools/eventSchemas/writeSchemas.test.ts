import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSON_SCHEMA_DIR, renderedSchemas, writeSchemas } from '../../../tools/eventSchemas/writeSchemas';

describe('npm run events:schemas', () => {
  it('has written the shipped schemas from the current declarations (run it after changing events/schemas)', () => {
    const shipped = readdirSync(JSON_SCHEMA_DIR).filter((n) => n.endsWith('.schema.json'));
    const rendered = renderedSchemas();
    expect(shipped.sort()).toEqual([...rendered.keys()].sort());
    for (const [name, text] of rendered) expect(readFileSync(path.join(JSON_SCHEMA_DIR, name), 'utf8')).toBe(text);
  });

  it('writes every schema, then only what changed, and removes schemas of undeclared types', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    try {
      expect(writeSchemas(dir).sort()).toEqual([...renderedSchemas().keys()].sort());
      expect(writeSchemas(dir)).toEqual([]);
      writeFileSync(path.join(dir, 'gone-1.0.0.schema.json'), '{}');
      writeFileSync(path.join(dir, 'notes.txt'), 'kept');
      expect(writeSchemas(dir)).toEqual(['gone-1.0.0.schema.json']);
      expect(readdirSync(dir)).toContain('notes.txt');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
