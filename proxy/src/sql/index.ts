/** The SQL compiler: a query spec and a field catalog to one canonical Trino statement. */
export { type CompiledQuery, compileQuery } from './compileQuery';
export { quoteIdentifier, quoteString } from './sqlText';
export { type CompileOptions } from './compileQuery';
export { parseDateRange, type DayWindow } from './dateRange';
export { partitionDaysRead } from './partitionPruning';
