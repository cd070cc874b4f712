// Which files a media question takes, as the `accept` attribute of its file input
// says it: image, audio and video questions their own kind; a file question any
// file, or the list the form gives in its `body::accept` column (".pdf,.docx",
// "application/pdf", "image/*"), as ODK Collect and Enketo read it.

import type { Question } from '../domain/types';

export type MediaKind = 'image' | 'audio' | 'video' | 'file';

/** The input's `accept` value; undefined for any file. */
export function acceptOf(kind: MediaKind, question?: Pick<Question, 'extraAttributes'>): string | undefined {
  if (kind !== 'file') return `${kind}/*`;
  const list = question?.extraAttributes?.['body::accept']?.trim();
  return list ? list : undefined;
}

/** Whether a file of this type and name is one that `accept` takes (the picker's filter is only a hint). */
export function accepts(accept: string | undefined, file: { type: string; name: string }): boolean {
  if (!accept) return true;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return accept
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
    .some((item) => (item.startsWith('.') ? name.endsWith(item) : item.endsWith('/*') ? type.startsWith(item.slice(0, -1)) : type === item));
}
