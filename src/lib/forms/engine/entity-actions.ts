// What a response does to entities when it is finalized (XLSForm entities sheet, spec
// 2024.1.0 and 2025.1.0): per declaration (and per instance of its repeat), create_if /
// update_if / entity_id / label evaluated in the session, and the `save_to` answers.
//
// CONTRACT (session 4): signatures fixed by the lead; the entity-forms engineer fills them in.

import type { EntityAction, FormData } from '../../domain/types';
import type { FormSession } from './session';

/** The entity actions of a session's current answers, in declaration order. */
export function entityActions(session: FormSession): EntityAction[] {
  void session;
  throw new Error('not implemented yet');
}

/**
 * The entity lists a form reads (select_*_from_file `<list>.csv` and instance('<list>')
 * with no attachment or choice list of that name): what the fill screen loads before
 * the session starts, with lib/db entityItems.
 */
export function entityListsOf(form: Pick<FormData, 'questions' | 'attachments' | 'choices'>): string[] {
  void form;
  throw new Error('not implemented yet');
}

/** The top-level select that picks an entity of `list`, if any: what "follow up" prefills. */
export function entitySelectOf(form: Pick<FormData, 'questions'>, list: string): string | undefined {
  void form;
  void list;
  throw new Error('not implemented yet');
}
