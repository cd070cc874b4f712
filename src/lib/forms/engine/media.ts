// Label media (the `image`, `big-image`, `audio` and `video` columns): files attached to
// the form, shown with the question. A file the form names but did not bring, or one
// kept as text (a CSV is no label), is left out.
import type { FormData, Question } from '../../domain/types';
import { localize } from '../model';

export interface LabelMedia {
  kind: 'image' | 'big-image' | 'audio' | 'video';
  name: string;
  /** A data: URL of the attachment, usable offline. */
  url: string;
}

export function labelMedia(form: Pick<FormData, 'attachments' | 'defaultLanguage'>, q: Pick<Question, 'media'>, lang: string): LabelMedia[] {
  const out: LabelMedia[] = [];
  for (const kind of ['image', 'big-image', 'audio', 'video'] as const) {
    const name = localize(q.media?.[kind], lang, form.defaultLanguage);
    const file = name ? form.attachments?.find((a) => a.name === name) : undefined;
    if (!file) continue;
    if (file.base64 !== undefined) out.push({ kind, name, url: `data:${file.type};base64,${file.base64}` });
  }
  return out;
}
