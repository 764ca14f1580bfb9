/** The lake as tables: folder layout, the catalog DuckDB builds from it, sidecar hints and view columns. */
export { buildCatalog, type CatalogTable, type LakeCatalog } from './catalog';
export { type LakeFormat, type LakeProblem, scanLake } from './lakeLayout';
export { type TableReference, tablesReadBy } from './tableReferences';
export { listFolderDays } from './dayPartitions';
