/** Access rules: which tables a caller may read and the row filters that bind them (parsed from settings). */
export { type AccessRules, decideAccess, parseAccessRules, type RowFilter } from './accessRules';
