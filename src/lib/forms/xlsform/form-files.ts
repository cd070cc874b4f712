// What the import screen is given: the .xlsx and the files it names, picked together,
// or one .zip holding them (as ODK Central's form attachments, or a folder zipped).
// Item files (.csv, .xml, .geojson) are kept as text, everything else as base64.

import { unzipSync } from 'fflate';
import type { FormAttachment } from '../../domain/types';
import { itemFileKind } from '../attachments';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export type FormFiles =
  | { ok: true; workbook: PickedFile; attachments: FormAttachment[] }
  | { ok: false; code: 'xlsform.noWorkbook' | 'xlsform.manyWorkbooks' | 'xlsform.badZip'; count?: number };

const TYPES: Record<string, string> = {
  csv: 'text/csv', xml: 'application/xml', geojson: 'application/geo+json', png: 'image/png', jpg: 'image/jpeg',
  jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp', mp3: 'audio/mpeg', wav: 'audio/wav',
  ogg: 'audio/ogg', m4a: 'audio/mp4', mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', pdf: 'application/pdf',
};

const extension = (name: string) => /\.([^./]+)$/.exec(name)?.[1].toLowerCase() ?? '';

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a whole photo's bytes as arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function toAttachment(file: PickedFile): FormAttachment {
  const type = TYPES[extension(file.name)] ?? 'application/octet-stream';
  return itemFileKind(file.name)
    ? { name: file.name, type, text: new TextDecoder().decode(file.bytes) }
    : { name: file.name, type, base64: base64(file.bytes) };
}

/** Files inside a .zip, by their base name: forms name their files without folders. */
function unzip(file: PickedFile): PickedFile[] | undefined {
  try {
    const entries = unzipSync(file.bytes);
    return Object.entries(entries)
      .filter(([path]) => !path.endsWith('/') && !path.startsWith('__MACOSX/') && !/(^|\/)\./.test(path))
      .map(([path, bytes]) => ({ name: path.slice(path.lastIndexOf('/') + 1), bytes }));
  } catch {
    return undefined;
  }
}

export function gatherFormFiles(picked: PickedFile[]): FormFiles {
  const files: PickedFile[] = [];
  for (const f of picked) {
    if (extension(f.name) !== 'zip') {
      files.push(f);
      continue;
    }
    const inside = unzip(f);
    if (!inside) return { ok: false, code: 'xlsform.badZip' };
    files.push(...inside);
  }
  const workbooks = files.filter((f) => ['xlsx', 'xlsm', 'xls'].includes(extension(f.name)));
  if (workbooks.length === 0) return { ok: false, code: 'xlsform.noWorkbook' };
  if (workbooks.length > 1) return { ok: false, code: 'xlsform.manyWorkbooks', count: workbooks.length };
  const attachments = files.filter((f) => f !== workbooks[0]).map(toAttachment);
  return { ok: true, workbook: workbooks[0], attachments };
}
