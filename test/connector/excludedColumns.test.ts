/** Columns the proxy cannot expose are named, with the reason, in the config step and the Record Count field. */
import type { TableSchemaResponse } from '../../protocol/contract';
import { buildConfigStep } from '../../connector/src/config/configSteps';
import { deriveTableSchema } from '../../proxy/src/fields/tableSchema';
import { column, table } from '../support/tableFixtures';

const described = table([
  column('name', 'string'),
  column('blob', 'varbinary'),
  column('span', 'interval day to second'),
]);

describe('excluded columns', () => {
  const schema: TableSchemaResponse = deriveTableSchema(described, true);

  it('are listed in the date-column step help text with their reasons', () => {
    const step = buildConfigStep(
      { database: 'lake', table: 'events' },
      { catalog: () => ({ databases: [{ name: 'lake', tables: ['events'] }] }), tableSchema: () => schema },
    );
    const help = step.entries[2].helpText;
    expect(help).toContain('blob (varbinary): Binary values cannot be shown in Looker Studio.');
    expect(help).toContain('span (interval day to second): The column type "interval day to second" is not supported.');
  });

  it('are named in the Record Count description of both schemas', () => {
    for (const aggregate of [true, false]) {
      const recordCount = deriveTableSchema(described, aggregate).fields.find((f) => f.name === 'record_count');
      expect(recordCount?.description).toMatch(/Columns not offered: blob \(Binary values.*\); span \(The column type/);
    }
  });
});
