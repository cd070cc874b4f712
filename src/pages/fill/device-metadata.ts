// Metadata the device fills in when an interview is on screen: the phone number and
// e-mail from Ajustes, one position at the start (start-geopoint), a position each time
// a background-geopoint's trigger question changes, and what it must leave empty, said
// to the enumerator rather than hidden.
import type { FormData } from '../../lib/domain/types';
import { formatPoint, triggersOf, UNREADABLE_TYPES, type FormSession } from '../../lib/forms/engine';
import { walkQuestions } from '../../lib/forms/model';
import { currentPosition } from './questions/geolocation';

const filled = new WeakSet<FormSession>();

/** Once per session: fills what is still empty. The position comes when the GPS answers. */
export function fillDeviceMetadata(session: FormSession, contact: { phone: string; email: string }): void {
  if (filled.has(session)) return;
  filled.add(session);
  if (contact.phone.trim()) session.setMetadata('phonenumber', contact.phone.trim());
  if (contact.email.trim()) session.setMetadata('email', contact.email.trim());
  const wantsPosition = [...session.root.cells.values()].some((c) => c.node.question.type === 'start-geopoint' && c.raw === '');
  // No position (no permission, no signal) leaves the metadata empty, as ODK does.
  if (wantsPosition) currentPosition().then((p) => session.setMetadata('start-geopoint', formatPoint(p)), () => undefined);
  const triggers = new Set(
    [...session.root.cells.values()].filter((c) => c.node.question.type === 'background-geopoint').flatMap((c) => triggersOf(c.node.question)),
  );
  if (triggers.size === 0) return;
  // A form has one background-geopoint as a rule; with several, each takes the position
  // when any of their triggers changes.
  session.onChange((cells) => {
    if (![...cells].some((c) => triggers.has(c.node.name))) return;
    currentPosition().then((p) => session.setMetadata('background-geopoint', formatPoint(p), true), () => undefined);
  });
}

export type DeviceNotice = 'fill.device.unreadable' | 'fill.device.noAudio' | 'fill.device.noPhone' | 'fill.device.noEmail';

/** What the form asks of the device that this one will not record. */
export function deviceNotices(form: Pick<FormData, 'questions'>, contact: { phone: string; email: string }): DeviceNotice[] {
  const types = new Set<string>();
  for (const { question } of walkQuestions(form.questions)) types.add(question.type);
  const out: DeviceNotice[] = [];
  if (UNREADABLE_TYPES.some((type) => types.has(type))) out.push('fill.device.unreadable');
  if (types.has('background-audio')) out.push('fill.device.noAudio');
  if (types.has('phonenumber') && !contact.phone.trim()) out.push('fill.device.noPhone');
  if (types.has('email') && !contact.email.trim()) out.push('fill.device.noEmail');
  return out;
}
