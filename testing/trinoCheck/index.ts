/** Trino's grammar and post-parse rules, as the checker of compiled statements (docs/athena.md#trino-checks). */
export { assertTrinoValid, nodeKind, parseTrino, type TrinoNode, trinoProblems } from './trinoCheck';
export { MAX_QUERY_BYTES } from './trinoRules';
