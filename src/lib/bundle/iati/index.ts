// IATI 2.03 export of a project and its results framework (pure: records in, XML text out).
export { toIatiXml, iatiIdentifier, ILO } from './activity';
export type { IatiOptions, IatiOrg } from './activity';
export { splitBudgetByYear } from './budget';
export type { BudgetPeriod } from './budget';
