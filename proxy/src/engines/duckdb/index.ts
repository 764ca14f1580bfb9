/** The embedded DuckDB engine over a local lake folder (see engine.ts). */
export { createDuckDbEngine, type DuckDbEngine, type DuckDbEngineOptions } from './engine';
export type { CatalogTable, LakeCatalog } from './catalog';
export type { LakeFormat, LakeProblem } from './lakeLayout';
export { toTableName } from './lakeLayout';
export { trinoCompatibilityMacros } from './macros';
