// A computed indicator's definition parsed once, and what one response (or, for an
// indicator over an entity list, one entity) contributes to it. The expressions run on
// the forms' own interpreter (lib/forms/expr), so an indicator reads answers exactly as
// the form's relevance and calculations do.

import { answerScalar, type AnswerValue, type Answers, type ComputedIndicatorDefinition, type Entity, type SurveyResponse } from '../domain/types';
import { evaluate, parseExpression, toBoolean, toNumber, type EvalContext, type Expr } from '../forms/expr';
import { groupKey, type Contribution } from './state';

export { groupKey } from './state';
export type { Contribution } from './state';

/** The fields of a response that an indicator reads; stored records have more. */
export type ResponseLike = Pick<SurveyResponse, 'formId' | 'formVersion' | 'status' | 'answers' | 'deleted'>;

export interface CompiledDefinition {
  readonly def: ComputedIndicatorDefinition;
  readonly filter: Expr | null;
  readonly denominator: Expr;
  /** The numerator condition (rate) or the value (mean). */
  readonly measure: Expr;
}

/** Throws ExpressionError if an expression is bad: check a definition when it is saved. */
export function compileDefinition(def: ComputedIndicatorDefinition): CompiledDefinition {
  return {
    def,
    filter: def.filter ? parseExpression(def.filter) : null,
    denominator: parseExpression(def.denominator),
    measure: parseExpression(def.value.kind === 'rate' ? def.value.numerator : def.value.value),
  };
}

/** The response's contribution, or null when it is not counted at all. */
export function contributionOf(c: CompiledDefinition, response: ResponseLike): Contribution | null {
  // Drafts and tombstones never count: a figure must not move while an interview is open.
  if (c.def.source || response.deleted || response.status !== 'finalized' || response.formId !== c.def.formId) return null;
  return contributionIn(c, answersContext(response.answers), (name) => topLevelAnswer(response.answers, name), response.formVersion);
}

/** The fields of an entity that an indicator over its list reads. */
export type EntityLike = Pick<Entity, 'list' | 'entityId' | 'label' | 'properties' | 'visits' | 'deleted'>;

/** The entity's contribution to an indicator over its list, or null when it is not counted. */
export function entityContributionOf(c: CompiledDefinition, entity: EntityLike): Contribution | null {
  if (!c.def.source || entity.deleted || entity.list !== c.def.source.entities) return null;
  // One known only from updates that came before its registration (no creating visit, a
  // pending entity) has few properties yet: counted once its registration arrives.
  const created = entity.visits.find((v) => v.action === 'create');
  if (!created) return null;
  const read = (name: string) => (name === 'name' ? entity.entityId : name === 'label' ? entity.label : (entity.properties[name] ?? ''));
  // The version of the form that registered it, for the provenance.
  return contributionIn(c, valuesContext(read), read, created.formVersion);
}

function contributionIn(c: CompiledDefinition, ctx: EvalContext, read: (name: string) => string, version: string): Contribution | null {
  if (c.filter && !toBoolean(evaluate(c.filter, ctx))) return null;
  if (!toBoolean(evaluate(c.denominator, ctx))) return null;
  let num: number;
  if (c.def.value.kind === 'rate') {
    num = toBoolean(evaluate(c.measure, ctx)) ? 1 : 0;
  } else {
    num = toNumber(evaluate(c.measure, ctx));
    if (!Number.isFinite(num)) return null;
  }
  return { group: groupKey(c.def.groupBy.map(read)), num, den: 1, version };
}

function topLevelAnswer(answers: Answers, name: string): string {
  return answerScalar(answers[name]) ?? '';
}

/**
 * Answers are keyed by question name whatever group holds them; a question inside a
 * repeat is read from outside it as every instance's answer (a node-set), as in a form.
 */
function answersContext(answers: Answers): EvalContext {
  return valuesContext((name) => {
    const raw = answers[name];
    const value = answerScalar(raw);
    if (value !== undefined) return value;
    // Neither text, a file nor a repeat (a number from a hand-edited record): unreadable,
    // so that the response is left out and the aggregate rebuilt without it.
    if (raw !== undefined && !Array.isArray(raw)) throw new Error(`the answer ${name} cannot be read`);
    const all = repeatAnswers(answers, name, []);
    return all.length > 0 ? all : '';
  });
}

function valuesContext(value: EvalContext['value']): EvalContext {
  return {
    value,
    current: () => '',
    position: () => 0,
    // Choice labels are for display; an indicator compares choice names.
    choiceLabel: (_question, choice) => choice,
    now: () => new Date(),
  };
}

function repeatAnswers(answers: Answers, name: string, out: string[]): string[] {
  for (const value of Object.values(answers) as AnswerValue[]) {
    if (!Array.isArray(value)) continue;
    for (const instance of value) {
      const inner = answerScalar(instance[name]);
      if (inner !== undefined) out.push(inner);
      else repeatAnswers(instance, name, out);
    }
  }
  return out;
}
