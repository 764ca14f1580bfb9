/** The embedded DuckDB engine over a local lake folder (see createDuckDbEngine.ts). */
export { createDuckDbEngine, type DuckDbEngineOptions } from './createDuckDbEngine';
export type { DuckDbEngine } from './engine';
export type { CatalogTable, LakeCatalog } from './catalog';
export type { LakeFormat, LakeProblem } from './lakeLayout';
