/**
 * The local workbench (docs/workbench.md): a page served next to `npm start`'s proxy that shows a lake as Looker
 * Studio will (fields, a chart's request, the SQL it becomes, what it scans and costs) and sends test events.
 * The server side (server/) signs for the browser; the page side (page/) is plain TypeScript and DOM.
 */
export { startWorkbench, type Workbench, type WorkbenchOptions } from './server/workbenchServer';
export { createSqlLog, recordingRegistrations, type SqlLog } from './server/sqlLog';
