// The space captured files take, per form: the sum of the sizes of the files that
// form's responses name, each file counted once per form (a photo named by two
// responses of one form takes its space once). Files named but not on this device
// (a "records only" bundle, a file not downloaded yet) are counted apart.

import { database } from './database';

export interface FormFileSpace {
  formId: string;
  /** Files on this device named by the form's responses. */
  files: number;
  bytes: number;
  /** Files named but not on this device. */
  missing: number;
}

/** Per form that names at least one file, by bytes taken (largest first). */
export async function fileSpaceByForm(): Promise<FormFileSpace[]> {
  const db = database();
  return db.transaction('r', db.responses, db.files, async () => {
    const byForm = new Map<string, Set<string>>();
    // Through the multiEntry index: only responses that name a file are read.
    await db.responses.where('ixFiles').above('').each((record) => {
      const response = record as unknown as { formId: string; ixFiles?: string[] };
      let hashes = byForm.get(response.formId);
      if (!hashes) byForm.set(response.formId, (hashes = new Set()));
      for (const hash of response.ixFiles ?? []) hashes.add(hash);
    });
    const all = [...new Set([...byForm.values()].flatMap((s) => [...s]))];
    const stored = await db.files.bulkGet(all);
    const size = new Map(all.map((hash, i) => [hash, stored[i]?.size]));
    const out: FormFileSpace[] = [];
    for (const [formId, hashes] of byForm) {
      const row: FormFileSpace = { formId, files: 0, bytes: 0, missing: 0 };
      for (const hash of hashes) {
        const bytes = size.get(hash);
        if (bytes === undefined) row.missing++;
        else {
          row.files++;
          row.bytes += bytes;
        }
      }
      out.push(row);
    }
    return out.sort((a, b) => b.bytes - a.bytes || a.formId.localeCompare(b.formId));
  });
}
