// The items of a form's attached file, as `instance('name')/root/item` and
// select_one_from_file see them: one flat record of strings per item.
// CSV: one item per row. XML: each child element of the root is an item, its child
// elements the item's fields (ODK's external instance shape). GeoJSON: one item per
// feature, its properties as fields, `geometry` in ODK's "lat lon altitude accuracy;..."
// text and the feature's `id` as `id` when properties lack one (as ODK Collect does).

import type { FormAttachment } from '../../domain/types';
import { childElements, parseXml, textOf, XmlError } from '../xlsform/xml';
import { parseCsv } from './csv';

export type Item = Record<string, string>;

/** A file the form cannot use, with an i18n key under `attachments.` and where it is. */
export class AttachmentError extends Error {
  constructor(
    readonly code: string,
    readonly file: string,
    readonly row?: number,
    readonly column?: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${file}: ${code}`);
  }
}

export type ItemFileKind = 'csv' | 'xml' | 'geojson';

/** What kind of item file a name is, or undefined for media and other files. */
export function itemFileKind(name: string): ItemFileKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xml')) return 'xml';
  if (lower.endsWith('.geojson')) return 'geojson';
  return undefined;
}

/** Parses an item file. Throws AttachmentError (with row and column where known). */
export function itemsOf(attachment: FormAttachment): Item[] {
  const kind = itemFileKind(attachment.name);
  const text = attachment.text;
  if (!kind || text === undefined) throw new AttachmentError('notItems', attachment.name);
  if (kind === 'csv') {
    try {
      return parseCsv(text).rows;
    } catch (e) {
      const csv = e as { code?: string; row?: number; column?: number; params?: Record<string, string | number> };
      if (csv.code === undefined) throw e;
      throw new AttachmentError(`csv.${csv.code}`, attachment.name, csv.row, csv.column, csv.params);
    }
  }
  if (kind === 'xml') return xmlItems(attachment.name, text);
  return geojsonItems(attachment.name, text);
}

function xmlItems(file: string, text: string): Item[] {
  let root;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new AttachmentError('xml.malformed', file);
    throw e;
  }
  return childElements(root).map((element) => {
    const item: Item = Object.create(null);
    for (const [name, value] of Object.entries(element.attrs)) item[name] = value;
    for (const field of childElements(element)) item[field.name] = textOf(field);
    return item;
  });
}

type Position = number[];

/** ODK geo text: "lat lon altitude accuracy", points separated by ";" (GeoJSON is lon, lat). */
function odkPoints(points: Position[]): string {
  return points.map(([lon, lat, alt]) => `${lat} ${lon} ${alt ?? 0} 0`).join(';');
}

function geometryText(geometry: unknown): string | undefined {
  if (!geometry || typeof geometry !== 'object') return undefined;
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const isPosition = (p: unknown): p is Position =>
    Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
  if (type === 'Point' && isPosition(coordinates)) return odkPoints([coordinates]);
  if (type === 'LineString' && Array.isArray(coordinates) && coordinates.every(isPosition)) return odkPoints(coordinates);
  if (type === 'Polygon' && Array.isArray(coordinates) && Array.isArray(coordinates[0]) && coordinates[0].every(isPosition)) {
    return odkPoints(coordinates[0]);
  }
  return undefined;
}

function geojsonItems(file: string, text: string): Item[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AttachmentError('geojson.malformed', file);
  }
  const features = (doc as { type?: unknown; features?: unknown })?.features;
  if ((doc as { type?: unknown })?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    throw new AttachmentError('geojson.notCollection', file);
  }
  return features.map((feature, index) => {
    const f = feature as { id?: unknown; properties?: unknown; geometry?: unknown } | null;
    const geometry = geometryText(f?.geometry);
    if (geometry === undefined) throw new AttachmentError('geojson.geometry', file, index + 1);
    const item: Item = Object.create(null);
    const properties = f?.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : {};
    for (const [name, value] of Object.entries(properties)) {
      if (value !== null && value !== undefined) item[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    if (item.id === undefined && (typeof f?.id === 'string' || typeof f?.id === 'number')) item.id = String(f.id);
    item.geometry = geometry;
    return item;
  });
}
