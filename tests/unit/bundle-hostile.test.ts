import { describe, expect, it } from 'vitest';
import { BundleError, commitImport, exportBundle, previewImport, readBundle } from '../../src/lib/bundle';
import { ChunkedHash, HASH_CHUNK_RECORDS } from '../../src/lib/bundle/format';
import type { PisoDatabase } from '../../src/lib/db/database';
import { listQuarantine } from '../../src/lib/db/quarantine';
import { finalizeResponse, saveDraft, startDraft } from '../../src/lib/db/responses';
import type { Form } from '../../src/lib/domain/types';
import { blobText, dumpAll, dumpRecords, freshDatabase, populate, repos, responseData } from './bundle-fixtures';
import { asVersion2 } from './bundle-v3';

async function setUp() {
  const source = await freshDatabase();
  await populate(source);
  const { blob } = await exportBundle({ type: 'all' }, { db: source });
  const target = await freshDatabase();
  await populate(target);
  return { text: asVersion2(await blobText(blob)), blob, target };
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
    expect(await importCode(target, text.replace(/"version":\d+/, '"version":99'))).toBe('bundle.tooNew');
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

  it('refuses one bad record, named with its field, and imports the rest', async () => {
    const { text, target } = await setUp();
    const lines = text.split('\n');
    const records = lines.slice(1, -1).map((l, i) => JSON.parse(i === 0 ? l : l.slice(1)) as Record<string, unknown>);
    const at = (kind: string, n = 0) => records.findIndex((r, i) => r.kind === kind && records.slice(0, i).filter((x) => x.kind === kind).length === n);
    const cases: [string, number, (r: Record<string, unknown>) => string, Record<string, unknown>][] = [
      ['number and object answers', at('response'), (r) => JSON.stringify({ ...r, answers: { ...(r.answers as object), name: 42, sex: { f: 1 } } }), { reason: 'wrongType', field: 'answers/name' }],
      ['repeat given as text', at('response', 1), (r) => JSON.stringify({ ...r, answers: { ...(r.answers as object), member: 'dos' } }), { reason: 'answerType', field: 'answers/member' }],
      ['malformed period', at('indicator'), (r) => JSON.stringify({ ...r, periods: [{ start: '2020-01-01', end: '2020-12-31', targets: 'all', actuals: [] }] }), { field: 'periods/0/targets' }],
      ['malformed computed definition', at('indicator'), (r) => JSON.stringify({ ...r, computed: { key: 'k', formId: 'coverage', denominator: '${name} != (', value: { kind: 'rate', numerator: '1' }, groupBy: [] } }), { reason: 'badExpression', field: 'computed/denominator' }],
      ['__proto__', at('project'), (r) => JSON.stringify(r).replace('{', '{"__proto__":{"polluted":"1"},'), { reason: 'forbiddenKey', field: '__proto__' }],
      ['nested __proto__', at('project'), (r) => JSON.stringify(r).replace('"title":{', '"title":{"__proto__":{"polluted":"1"},'), { reason: 'forbiddenKey', field: 'title/__proto__' }],
      ['constructor', at('outcome'), (r) => JSON.stringify({ ...r, constructor: { prototype: { polluted: 1 } } }), { reason: 'forbiddenKey', field: 'constructor' }],
      ['10 MB string', at('response'), (r) => JSON.stringify({ ...r, enumerator: 'x'.repeat(10 << 20) }), { reason: 'tooLong', field: 'enumerator' }],
      ['bad clock', at('project'), (r) => JSON.stringify({ ...r, hlc: 'yesterday' }), { reason: 'badFormat', field: 'hlc' }],
      ['bad field clock', at('project'), (r) => JSON.stringify({ ...r, fieldHlc: { ...(r.fieldHlc as object), code: 1 } }), { field: 'fieldHlc/code' }],
      ['unknown kind', at('project'), (r) => JSON.stringify({ ...r, kind: 'user' }), { reason: 'unknownKind' }],
      ['long id', at('project'), (r) => JSON.stringify({ ...r, id: 'i'.repeat(201) }), { field: 'id' }],
      ['deleted not boolean', at('form'), (r) => JSON.stringify({ ...r, deleted: 'no' }), { reason: 'wrongType', field: 'deleted' }],
      ['missing link', at('outcome'), (r) => JSON.stringify({ ...r, projectId: undefined }), { reason: 'missing', field: 'projectId' }],
      ['deep nesting', at('project'), (r) => JSON.stringify({ ...r, extra: JSON.parse('['.repeat(100) + ']'.repeat(100)) }), { reason: 'tooDeep' }],
      ['not an object', at('project'), () => '[1,2]', { reason: 'notObject' }],
    ];
    for (const [what, index, edit, expected] of cases) {
      const db = await freshDatabase();
      const bundle = await readBundle(new Blob([await rehash(editRecord(text, index, edit))]));
      const effect = await commitImport(bundle, { db });
      expect([what, effect.refused]).toEqual([what, [expect.objectContaining({ ...expected, params: expect.objectContaining({ number: index + 1 }) })]]);
      const refusal = effect.refused[0];
      if (!['unknown kind', 'not an object', 'long id'].includes(what)) expect([what, refusal.kind, refusal.recordId]).toEqual([what, records[index].kind, records[index].id]);
      // The rest is imported, the refused record not at all: nothing of it half-written.
      const stored = (await dumpRecords(db)).length;
      expect(stored).toBeGreaterThan(0);
      const imported = await Promise.all(records.map((r) => db.recordTable(r.kind as never).get(String(r.id))));
      expect([what, imported.map((r, i) => i !== index && r !== undefined)]).toEqual([what, records.map((_, i) => i !== index)]);
      const kept = await listQuarantine('bundle', db);
      expect([what, kept.length, kept[0].reason, kept[0].source]).toEqual([what, 1, refusal.reason, 'bundle']);
      expect(typeof kept[0].record).toBe('string');
      db.close();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(target.isOpen()).toBe(true);
  }, 60_000);

  it('imports clocks far in the future (the clock guard, not the check, deals with them) and refuses a record listed twice', async () => {
    const { text } = await setUp();
    const future = '2999-01-01T00:00:00.000Z-0000-elsewhere';
    const db = await freshDatabase();
    const edited = editRecord(text, 0, (r) => JSON.stringify({ ...r, hlc: future, fieldHlc: { ...(r.fieldHlc as object), code: future } }));
    const effect = await commitImport(await readBundle(new Blob([await rehash(edited)])), { db });
    expect(effect.refused).toEqual([]);
    const first = JSON.parse(text.split('\n')[1]);
    expect((await db.recordTable(first.kind).get(first.id))?.fieldHlc.code).toBe(future);

    // The same record twice (counts and hash made to match): the second is refused, named.
    const lines = text.split('\n');
    const twice = [lines[0], lines[1], `,${lines[1]}`, ...lines.slice(2)];
    const header = JSON.parse(twice[0] + ']}');
    header.manifest.counts[first.kind]++;
    twice[0] = JSON.stringify(header).replace(/\]\}$/, '');
    const again = await readBundle(new Blob([await rehash(twice.join('\n'))]));
    expect(again.refused.map((r) => r.refusal)).toEqual([expect.objectContaining({ reason: 'duplicate', recordId: first.id, kind: first.kind, params: { number: 2 } })]);
  });

  it('checks answers against the form on the device, and the device still saves an interview', async () => {
    const source = await freshDatabase();
    const made = await populate(source);
    const target = await freshDatabase();
    // The target has the form (from an earlier bundle); this one brings only responses.
    await commitImport(await readBundle((await exportBundle({ type: 'all' }, { db: source })).blob), { db: target });
    const bad = await repos(source).responses.create({ ...responseData('coverage', made.project.id, 'Eve'), answers: { name: [{ x: '1' }] } as never });
    const good = await repos(source).responses.create(responseData('coverage', made.project.id, 'Zoe'));
    const lines = asVersion2(await blobText((await exportBundle({ type: 'all' }, { db: source })).blob)).split('\n');
    const onlyResponses = lines.filter((line, i) => i === 0 || i === lines.length - 1 || line.includes('"kind":"response"'));
    onlyResponses[1] = onlyResponses[1].replace(/^,/, '');
    let header = JSON.parse(onlyResponses[0] + ']}');
    header.manifest.counts = { project: 0, outcome: 0, indicator: 0, form: 0, response: onlyResponses.length - 2 };
    onlyResponses[0] = JSON.stringify(header).replace(/\]\}$/, '');
    const bundle = await readBundle(new Blob([await rehash(onlyResponses.join('\n'))]));
    expect(bundle.refused).toEqual([]); // the bundle alone cannot tell: its form is not in it
    const preview = await previewImport(bundle, { db: target });
    expect(preview.refused).toEqual([expect.objectContaining({ recordId: bad.id, reason: 'answerType', field: 'answers/name', params: { type: 'text' } })]);
    expect(await target.quarantine.count()).toBe(0); // a preview keeps nothing aside
    const done = await commitImport(bundle, { db: target });
    expect(done.refused).toHaveLength(1);
    expect(await target.responses.get(bad.id)).toBeUndefined();
    expect(await target.responses.get(good.id)).toBeDefined();
    expect(await target.quarantine.count()).toBe(1);
    // The same bundle again: refused again, but kept aside once.
    expect((await commitImport(bundle, { db: target })).refused).toHaveLength(1);
    expect(await target.quarantine.count()).toBe(1);

    // Afterwards the device still saves an interview, from draft to finalized.
    const form = (await target.forms.toArray()).find((f) => f.formId === 'coverage') as unknown as Form;
    const draft = await startDraft(form, { enumerator: 'María' });
    await saveDraft(draft.id, { name: 'Rosa' });
    const finalized = await finalizeResponse(draft.id, { name: 'Rosa', sex: 'f' });
    expect((await target.responses.get(draft.id))?.status).toBe('finalized');
    expect(finalized.answers).toEqual({ name: 'Rosa', sex: 'f' });
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
    let refusedRecords = 0;
    for (let i = 0; i < 1000; i++) {
      const mutation = pick(mutations)();
      // Half the text edits get a fresh hash, so that validation is reached behind it.
      const file = typeof mutation === 'string' && rnd() < 0.5 ? await rehash(mutation).catch(() => mutation) : mutation;
      let code = 'accepted';
      try {
        const effect = await commitImport(await readBundle(typeof file === 'string' ? new Blob([file]) : file), { db: target });
        refusedRecords += effect.refused.length;
      } catch (e) {
        if (!(e instanceof BundleError)) throw new Error(`mutation ${i} crashed: ${String(e)}`);
        code = e.code;
      }
      const after = await dumpAll(target);
      // A refused bundle changes nothing at all; an accepted one is written whole, its
      // refused records kept aside.
      if (code !== 'accepted') expect(after).toBe(before);
      before = after;
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    expect(outcomes.get('bundle.tampered')).toBeGreaterThan(100);
    expect(refusedRecords).toBeGreaterThan(20);
    expect(await target.quarantine.count()).toBe(refusedRecords);
    expect(outcomes.get('bundle.corrupt')).toBeGreaterThan(20);
  }, 120_000);
});
