// Ready-made repositories of the current database (the one openDatabase() opened last).

import type { AnyRecord, Envelope, Kind, Outcome, Project } from '../domain/types';
import { Repository } from './repository';

export const projects = new Repository<Project>('project');
export const outcomes = new Repository<Outcome>('outcome');

/** A repository for any kind, for kinds whose data types come later. */
export function repo<T extends Envelope = AnyRecord>(kind: Kind): Repository<T> {
  return new Repository<T>(kind as T['kind']);
}
