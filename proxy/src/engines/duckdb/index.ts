/** The embedded DuckDB engine over a local lake folder (see createDuckDbEngine.ts). */
export { createDuckDbEngine, type DuckDbEngineOptions } from './createDuckDbEngine';
export type { DuckDbEngine } from './engine';
export type { CatalogTable, LakeCatalog } from './lake';
export type { LakeFormat, LakeProblem } from './lake';
export { buildCatalog, FileCheckCache, scanLake, tablesReadBy } from './lake';
export { openSandboxedDuckDb } from './sandbox';
export { quoteString } from './sqlText';
