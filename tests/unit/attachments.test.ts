import { describe, expect, it } from 'vitest';
import { AttachmentError, CsvError, itemsOf, parseCsv } from '../../src/lib/forms/attachments';

describe('CSV attachments', () => {
  it('reads quoted fields with commas, quotes and line breaks, a BOM and CRLF', () => {
    const text = '\ufeffname,label,dept\r\nsa01,"Santa Ana, centro",SV-SA\r\nx2,"Dice ""hola""\ny adiós",SV-SS\r\n';
    expect(parseCsv(text).rows).toEqual([
      { name: 'sa01', label: 'Santa Ana, centro', dept: 'SV-SA' },
      { name: 'x2', label: 'Dice "hola"\ny adiós', dept: 'SV-SS' },
    ]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,b\n1,\n\n,2').rows).toEqual([
      { a: '1', b: '' },
      { a: '', b: '2' },
    ]);
  });

  it('names the row and column of a row with too many fields', () => {
    try {
      parseCsv('name,label\nsa01,Santa Ana\nsa02,Santa Ana, norte\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect(e).toMatchObject({ code: 'fieldCount', row: 3, column: 3, params: { expected: 2, found: 3 } });
    }
  });

  it('names where a quote was left open', () => {
    expect(() => parseCsv('name,label\na,"open\nb,c\n')).toThrow(expect.objectContaining({ code: 'unterminatedQuote', row: 2, column: 2 }));
  });

  it('refuses text after a closing quote and a duplicate header', () => {
    expect(() => parseCsv('a,b\n"x"y,1')).toThrow(expect.objectContaining({ code: 'strayQuote', row: 2, column: 1 }));
    expect(() => parseCsv('a,a\n1,2')).toThrow(expect.objectContaining({ code: 'duplicateHeader', column: 2 }));
  });

  it('keeps columns named like Object members as plain data', () => {
    const [row] = parseCsv('__proto__,constructor\n1,2').rows;
    expect(row.__proto__).toBe('1');
    expect(row.constructor).toBe('2');
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});

describe('item files', () => {
  it('reads an ODK external XML instance', () => {
    const text = '<?xml version="1.0"?><root><item><name>a</name><label>Á &amp; B</label></item><item><name>b</name><label/></item></root>';
    expect(itemsOf({ name: 'villages.xml', type: 'text/xml', text })).toEqual([
      { name: 'a', label: 'Á & B' },
      { name: 'b', label: '' },
    ]);
  });

  it('reads GeoJSON features with ODK geometry text (lat before lon)', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 7, properties: { title: 'Pozo', depth: 12 }, geometry: { type: 'Point', coordinates: [-89.2, 13.7] } },
        {
          type: 'Feature',
          properties: { id: 'r1' },
          geometry: { type: 'LineString', coordinates: [[-89.2, 13.7, 650], [-89.3, 13.8]] },
        },
      ],
    });
    expect(itemsOf({ name: 'points.geojson', type: 'application/geo+json', text })).toEqual([
      { id: '7', title: 'Pozo', depth: '12', geometry: '13.7 -89.2 0 0' },
      { id: 'r1', geometry: '13.7 -89.2 650 0;13.8 -89.3 0 0' },
    ]);
  });

  it('tells which file and row is wrong', () => {
    expect(() => itemsOf({ name: 'c.csv', type: 'text/csv', text: 'a,b\n1\n' })).toThrow(
      expect.objectContaining({ code: 'csv.fieldCount', file: 'c.csv', row: 2 }),
    );
    expect(() => itemsOf({ name: 'x.xml', type: 'text/xml', text: '<root><item>' })).toThrow(AttachmentError);
    const bad = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null }] });
    expect(() => itemsOf({ name: 'g.geojson', type: 'application/geo+json', text: bad })).toThrow(
      expect.objectContaining({ code: 'geojson.geometry', row: 1 }),
    );
    expect(() => itemsOf({ name: 'photo.png', type: 'image/png', base64: '' })).toThrow(expect.objectContaining({ code: 'notItems' }));
  });
});
