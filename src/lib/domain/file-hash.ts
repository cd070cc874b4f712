// The address of a captured file: SHA-256 of its bytes, lower-case hex. The same photo
// taken twice, or arriving by bundle and by sync, is the same file.

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let out = '';
  for (const byte of digest) out += byte.toString(16).padStart(2, '0');
  return out;
}

export const isSha256Hex = (text: unknown): text is string => typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
