/**
 * The form expression engine: XLSForm/ODK XPath parsed once into a tree, then
 * interpreted (the app's CSP forbids eval and new Function).
 */
export type { Expr, Predicate } from './ast';
export type { DataSources, EvalContext, Item, Nodeset, RepeatIndex, Row, Value } from './types';
export { ExpressionError } from './errors';
export { parseExpression, parseFilter } from './parser';
export { filterItems } from './paths';
export { evaluate } from './evaluate';
export { toBoolean, toNumber, toString } from './convert';
export { references } from './references';
export { seededShuffle, seedOf } from './shuffle';
