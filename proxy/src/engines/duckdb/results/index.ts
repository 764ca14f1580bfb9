/** Query results as DuckDB keeps them: small ones in memory, large ones as files read page by page. */
export {
  DEFAULT_INLINE_LIMITS,
  type InlineLimits,
  InlineResultStore,
  readInline,
  type TextRows,
} from './inlineResults';
export { assertPageBounds, hasStoredResult, readStoredPage, storedResultStatus } from './resultFilePages';
export { copyToResultSql, partialResultFile, pruneResultFiles, resultFile, textSelectSql } from './resultFiles';
