import { describe, expect, it } from 'vitest';
import { BundleError, commitImport, exportBundle, readBundle } from '../../src/lib/bundle';
import { ChunkedHash, HASH_CHUNK_RECORDS } from '../../src/lib/bundle/format';
import type { PisoDatabase } from '../../src/lib/db/database';
import { blobText, dumpAll, freshDatabase, populate } from './bundle-fixtures';

async function setUp() {
  const source = await freshDatabase();
  await populate(source);
  const { blob } = await exportBundle({ type: 'all' }, { db: source });
  const target = await freshDatabase();
  await populate(target);
  return { text: await blobText(blob), blob, target };
}

/** Reads and, if accepted, commits; returns the refusal's code. The target must be unchanged on refusal. */
async function importCode(target: PisoDatabase, file: Blob | string, passphrase?: string): Promise<string | undefined> {
  const before = await dumpAll(target);
  try {
    await commitImport(await readBundle(typeof file === 'string' ? new Blob([file]) : file, { passphrase }), { db: target });
    return undefined;
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    expect(await dumpAll(target)).toBe(before);
    return e.code;
  }
}

/** Rewrites the records' hash so that only the validation of records can refuse a change. */
async function rehash(text: string): Promise<string> {
  const lines = text.split('\n');
  const records = lines.slice(1, -1).map((l, i) => (i === 0 ? l : l.slice(1)));
  const hash = new ChunkedHash();
  for (let i = 0; i < records.length; i += HASH_CHUNK_RECORDS) {
    await hash.addChunk(new TextEncoder().encode(records.slice(i, i + HASH_CHUNK_RECORDS).join('\n') + '\n'));
  }
  const header = JSON.parse(lines[0] + ']}');
  header.manifest.recordsHash.value = await hash.value();
  lines[0] = JSON.stringify(header).replace(/\]\}$/, '');
  return lines.join('\n');
}

const editRecord = (text: string, index: number, edit: (r: Record<string, unknown>) => string) => {
  const lines = text.split('\n');
  const line = lines[index + 1];
  const comma = index > 0 ? ',' : '';
  lines[index + 1] = comma + edit(JSON.parse(line.slice(comma.length)));
  return lines.join('\n');
};

describe('refused bundles change nothing', () => {
  it('refuses a tampered record, a truncated file, a newer format and other files', async () => {
    const { text, target } = await setUp();
    expect(await importCode(target, text.replace('"Ana"', '"Eve"'))).toBe('bundle.tampered');
    expect(await importCode(target, text.slice(0, Math.floor(text.length / 2)))).toBe('bundle.truncated');
    expect(await importCode(target, text.slice(0, text.lastIndexOf('\n') + 1))).toBe('bundle.truncated');
    expect(await importCode(target, text.slice(0, 40))).toBe('bundle.truncated');
    expect(await importCode(target, text.replace('"version":2', '"version":3'))).toBe('bundle.tooNew');
    expect(await importCode(target, '')).toBe('bundle.notBundle');
    expect(await importCode(target, '{"hello": "world"}')).toBe('bundle.notBundle');
    expect(await importCode(target, JSON.stringify(JSON.parse(text), null, 2))).toBe('bundle.notBundle');
    expect(await importCode(target, text.replace('"form":2', '"form":3'))).toBe('bundle.tampered');
    expect(await importCode(target, new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x0a])]))).toBe('bundle.corrupt');
    // One record dropped, hash recomputed: the counts still tell.
    const lines = text.split('\n');
    expect(await importCode(target, await rehash([...lines.slice(0, 3), ...lines.slice(4)].join('\n')))).toBe('bundle.tampered');
  });

  it('refuses a wrong or missing passphrase, and a damaged or cut encrypted file', async () => {
    const { blob, target } = await setUp();
    const db = await freshDatabase();
    await populate(db);
    const sealed = (await exportBundle({ type: 'all' }, { db, gzip: true, passphrase: 'la contraseña', iterations: 210_000 })).blob;
    expect(await importCode(target, sealed, 'la contrasena')).toBe('bundle.wrongPassphrase');
    expect(await importCode(target, sealed)).toBe('bundle.passphraseRequired');
    const bytes = new Uint8Array(await sealed.arrayBuffer());
    const flipped = bytes.slice();
    flipped[flipped.length - 20] ^= 1;
    expect(await importCode(target, new Blob([flipped]), 'la contraseña')).toBe('bundle.tampered');
    expect(await importCode(target, new Blob([bytes.slice(0, bytes.length - 5)]), 'la contraseña')).toBe('bundle.tampered');
    expect(await importCode(target, sealed, 'la contraseña')).toBeUndefined();
    await expect(exportBundle({ type: 'all' }, { db, passphrase: 'short' })).rejects.toMatchObject({ code: 'bundle.passphraseTooShort' });
    expect(blob.size).toBeGreaterThan(0);
  });

  it('refuses prototype keys, huge strings and malformed envelopes even with a matching hash', async () => {
    const { text, target } = await setUp();
    const cases: [string, (r: Record<string, unknown>) => string][] = [
      ['__proto__', (r) => JSON.stringify(r).replace('{', '{"__proto__":{"polluted":"1"},')],
      ['nested __proto__', (r) => JSON.stringify(r).replace('"title":{', '"title":{"__proto__":{"polluted":"1"},')],
      ['constructor', (r) => JSON.stringify({ ...r, constructor: { prototype: { polluted: 1 } } })],
      ['huge string', (r) => JSON.stringify({ ...r, enumerator: 'x'.repeat(1_000_001) })],
      ['bad clock', (r) => JSON.stringify({ ...r, hlc: 'yesterday' })],
      ['bad field clock', (r) => JSON.stringify({ ...r, fieldHlc: { ...(r.fieldHlc as object), code: 1 } })],
      ['unknown kind', (r) => JSON.stringify({ ...r, kind: 'user' })],
      ['long id', (r) => JSON.stringify({ ...r, id: 'i'.repeat(201) })],
      ['deleted not boolean', (r) => JSON.stringify({ ...r, deleted: 'no' })],
      ['missing link', (r) => JSON.stringify({ ...r, code: undefined })],
      ['deep nesting', (r) => JSON.stringify({ ...r, extra: JSON.parse('['.repeat(100) + ']'.repeat(100)) })],
      ['not an object', () => '[1,2]'],
    ];
    for (const [what, edit] of cases) {
      expect([what, await importCode(target, await rehash(editRecord(text, 0, edit)))]).toEqual([what, 'bundle.invalidRecord']);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores script tags in text as inert text', async () => {
    const { text, target } = await setUp();
    const script = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const hostile = await rehash(editRecord(text, 0, (r) => JSON.stringify({ ...r, region: script })));
    expect(await importCode(target, hostile)).toBeUndefined();
    const id = JSON.parse(text.split('\n')[1]).id;
    expect((await target.projects.get(id))!.region).toBe(script);
  });
});

/** Deterministic pseudo-random numbers, so that a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe('fuzz', () => {
  it('survives 1,000 mutated bundles with no crash and no partial write', async () => {
    const { text, target } = await setUp();
    const rnd = random(42);
    const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
    const bytes = new TextEncoder().encode(text);
    const gzipped = new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const values = [null, 0, -1, 1e308, '', 'x', true, [], {}, { __proto__: null }, '2026-01-01T00:00:00.000Z-0000-x'];
    const mutations: (() => Blob | string)[] = [
      () => {
        const copy = bytes.slice();
        for (let n = 1 + Math.floor(rnd() * 4); n > 0; n--) copy[Math.floor(rnd() * copy.length)] = Math.floor(rnd() * 256);
        return new Blob([copy]);
      },
      () => text.slice(0, Math.floor(rnd() * text.length)),
      () => {
        const copy = gzipped.slice();
        copy[10 + Math.floor(rnd() * (copy.length - 10))] ^= 1 << Math.floor(rnd() * 8);
        return new Blob([rnd() < 0.5 ? copy : copy.slice(0, Math.floor(rnd() * copy.length))]);
      },
      () => {
        const lines = text.split('\n');
        const i = 1 + Math.floor(rnd() * (lines.length - 2));
        return rnd() < 0.5 ? [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') : [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
      },
      () => {
        // Change, drop or duplicate a key of a record, or give it a value of another type.
        const lines = text.split('\n');
        const index = Math.floor(rnd() * (lines.length - 2));
        return editRecord(text, index, (r) => {
          const key = pick(Object.keys(r));
          const change = rnd();
          if (change < 0.3) delete r[key];
          else if (change < 0.6) r[key] = pick(values);
          else return JSON.stringify(r).replace('{', `{${JSON.stringify(key)}:${JSON.stringify(pick(values))},`);
          return JSON.stringify(r);
        });
      },
      () => {
        const header = JSON.parse(text.split('\n')[0] + ']}');
        const key = pick(Object.keys(header.manifest));
        header.manifest[key] = pick(values);
        return text.replace(text.split('\n')[0], JSON.stringify(header).replace(/\]\}$/, ''));
      },
    ];
    let before = await dumpAll(target);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const mutation = pick(mutations)();
      // Half the text edits get a fresh hash, so that validation is reached behind it.
      const file = typeof mutation === 'string' && rnd() < 0.5 ? await rehash(mutation).catch(() => mutation) : mutation;
      let code = 'accepted';
      try {
        await commitImport(await readBundle(typeof file === 'string' ? new Blob([file]) : file), { db: target });
      } catch (e) {
        if (!(e instanceof BundleError)) throw new Error(`mutation ${i} crashed: ${String(e)}`);
        code = e.code;
      }
      const after = await dumpAll(target);
      // A refused bundle changes nothing at all; an accepted one is written whole.
      if (code !== 'accepted') expect(after).toBe(before);
      before = after;
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    expect(outcomes.get('bundle.tampered')).toBeGreaterThan(100);
    expect(outcomes.get('bundle.invalidRecord')).toBeGreaterThan(50);
    expect(outcomes.get('bundle.corrupt')).toBeGreaterThan(20);
  }, 120_000);
});
