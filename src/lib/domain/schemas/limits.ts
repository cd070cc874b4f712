// How large what arrives from elsewhere may be. A record within these limits is small
// enough to hold, merge and show on a phone; one past them is refused, never cut.

export const LIMITS = {
  /** Characters in one text value: a long open answer, a description, an expression. */
  text: 100_000,
  /** Characters in any string of a record not bounded more tightly (the generic walk). */
  string: 1_000_000,
  /** Characters in a form attachment's text or base64 (a 6 MB image or list). */
  attachment: 8_000_000,
  /** Characters in a code, a label's language, a choice or question name, an id. */
  name: 200,
  /** Characters in an object key: a field clock's key holds a path ("answers/<path>"). */
  key: 500,
  /** Nesting of objects and arrays. */
  depth: 64,
} as const;
