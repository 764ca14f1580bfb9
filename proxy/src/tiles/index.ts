/** Day tiles (docs/tiles.md): the pure plan and merge, the store interface, the local folder store and
 * the S3 store. */
export {
  compileTileQuery,
  dayColumnIndex,
  DAY_TILE_MAX_ROWS,
  partitionDaysOf,
  planDayTiles,
  dateRangeRead,
  type MergeKind,
  type TilePlan,
} from './tilePlan';
export { mergeDayRows, type TextRow } from './mergeTiles';
export { addText, compareText, NotMergeableError } from './exactText';
export { decodeTile, encodedLength, encodeTile, type StoredTile, type TileStore } from './tileStore';
export { LocalTileStore } from './localTileStore';
export { BufferedTileStore, DEFAULT_TILE_MEMORY_BYTES, type BufferedTileStoreOptions } from './bufferedTileStore';
export { S3TileStore, type S3TileStoreOptions } from './s3TileStore';
export { listedBytes, readAll, splitByDay, toWindows } from './tileRows';
