/** The lake as tables: folder layout, the catalog DuckDB builds from it, sidecar hints and view columns. */
export { buildCatalog, type CatalogTable, type LakeCatalog, type RegisterContext } from './catalog';
export { type LakeFormat, type LakeProblem, scanLake } from './lakeLayout';
export { type TableReference, tablesReadBy } from './tableReferences';
export { listFolderDays } from './dayPartitions';
export { FileCheckCache, type FileProblem } from './fileChecks';
export { LiveCatalog } from './liveCatalog';
export { skippedBy, type ProblemTable } from './skipProbe';
export { folderFingerprint } from './fingerprint';
