// Accent- and case-insensitive matching, so "proteccion" finds "protección".
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function matchesQuery(query: string, fields: Array<string | undefined>): boolean {
  const terms = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const haystack = normalizeForSearch(fields.filter(Boolean).join(' '));
  return terms.every((term) => haystack.includes(term));
}
