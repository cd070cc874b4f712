import type { FnSpec } from './define';
import { DATE_FUNCTIONS } from './fn-date';
import { GEO_FUNCTIONS } from './fn-geo';
import { LOGIC_FUNCTIONS } from './fn-logic';
import { NODE_FUNCTIONS } from './fn-node';
import { NUMBER_FUNCTIONS } from './fn-number';
import { SELECT_FUNCTIONS } from './fn-select';
import { TEXT_FUNCTIONS } from './fn-text';

/** Every function an expression may call, by its XPath name. */
export const FUNCTIONS: ReadonlyMap<string, FnSpec> = new Map(
  Object.entries({
    ...LOGIC_FUNCTIONS,
    ...TEXT_FUNCTIONS,
    ...NUMBER_FUNCTIONS,
    ...SELECT_FUNCTIONS,
    ...DATE_FUNCTIONS,
    ...NODE_FUNCTIONS,
    ...GEO_FUNCTIONS,
  }),
);
