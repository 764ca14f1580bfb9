/** Into a local lake folder, the layout `npm start` serves. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { toLakeObjects } from './layout';
import type { EventSink } from './sink';

/**
 * Files in a local lake folder. Each object is written under a hidden name and renamed into place, so a reader
 * (the DuckDB engine skips `.`-files) never sees half a file.
 */
export function localSink(lakeDir: string): EventSink {
  return {
    async write(events) {
      for (const object of toLakeObjects(events)) {
        const file = path.join(lakeDir, ...object.key.split('/'));
        await fs.mkdir(path.dirname(file), { recursive: true });
        const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
        await fs.writeFile(temp, object.body);
        await fs.rename(temp, file);
      }
    },
  };
}
