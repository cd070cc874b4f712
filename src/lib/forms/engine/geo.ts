// Locations as ODK stores them: a point is 'lat lon altitude accuracy'; a geotrace is
// points joined by ';'; a geoshape is a geotrace whose last point repeats the first.
import { pathLength, polygonArea } from '../expr/geo';

export interface GeoPoint {
  lat: number;
  lon: number;
  alt: number;
  acc: number;
}

/** One point, or null when it is not 2 to 4 numbers with a latitude and longitude in range. */
export function parsePoint(text: string): GeoPoint | null {
  const parts = text.trim().split(/\s+/).map(Number);
  if (parts.length < 2 || parts.length > 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lat, lon, alt = 0, acc = 0] = parts;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon, alt, acc };
}

export function formatPoint(p: GeoPoint): string {
  return `${p.lat} ${p.lon} ${p.alt} ${p.acc}`;
}

/** The points of a geotrace or geoshape ('' is none); null when one of them is not a point. */
export function parsePath(value: string): GeoPoint[] | null {
  if (value.trim() === '') return [];
  const points = value.split(';').filter((s) => s.trim() !== '').map(parsePoint);
  return points.every((p) => p !== null) ? (points as GeoPoint[]) : null;
}

const samePlace = (a: GeoPoint, b: GeoPoint) => a.lat === b.lat && a.lon === b.lon;

/** The points as the widget lists them: a shape without its closing point. */
export function pathVertices(value: string, closed: boolean): GeoPoint[] {
  const points = parsePath(value) ?? [];
  if (closed && points.length > 1 && samePlace(points[0], points[points.length - 1])) points.pop();
  return points;
}

/** The answer for these points; a shape is closed by repeating its first point. */
export function formatPath(points: readonly GeoPoint[], closed: boolean): string {
  if (points.length === 0) return '';
  const all = closed && points.length > 2 ? [...points, points[0]] : points;
  return all.map(formatPoint).join(';');
}

/** A geotrace needs 2 points; a geoshape 3 distinct corners, closed. */
export function isValidPath(value: string, closed: boolean): boolean {
  const points = parsePath(value);
  if (!points) return false;
  if (!closed) return points.length >= 2;
  return points.length >= 4 && samePlace(points[0], points[points.length - 1]);
}

/**
 * The offline drawing of a location (geopoint's `map` and `placement-map`, a geotrace's
 * or geoshape's points): a square of `span` degrees of latitude around a centre, a degree
 * of longitude shrunk by cos(latitude) so that it keeps its shape; drawing coordinates
 * run 0..100.
 */
export interface GeoView {
  lat: number;
  lon: number;
  span: number;
}

/** About 1.1 km a side: a house, a field, a village street. */
export const POINT_VIEW_SPAN = 0.01;
/** Metres in a degree of latitude. */
export const METRES_PER_DEGREE = 111_320;

const cosLat = (view: GeoView) => Math.max(0.01, Math.cos((view.lat * Math.PI) / 180));

/** Where a point falls on the drawing (it may fall outside 0..100). */
export function toDrawing(view: GeoView, p: Pick<GeoPoint, 'lat' | 'lon'>): [number, number] {
  return [50 + ((p.lon - view.lon) * cosLat(view) * 100) / view.span, 50 - ((p.lat - view.lat) * 100) / view.span];
}

/** The place a spot of the drawing stands for, rounded to 6 decimals (about 10 cm, as the screen shows it). */
export function fromDrawing(view: GeoView, x: number, y: number): { lat: number; lon: number } {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  const lat = Math.max(-90, Math.min(90, view.lat - ((y - 50) * view.span) / 100));
  const lon = view.lon + ((x - 50) * view.span) / (100 * cosLat(view));
  return { lat: round(lat), lon: round(((((lon + 180) % 360) + 360) % 360) - 180) };
}

/** Whether the point is on the drawing, away from its edges. */
export function inView(view: GeoView, p: Pick<GeoPoint, 'lat' | 'lon'>): boolean {
  const [x, y] = toDrawing(view, p);
  return x >= 5 && x <= 95 && y >= 5 && y <= 95;
}

/**
 * The drawing of a geotrace or geoshape: `current` while every point is on it (a tap
 * keeps meaning the same place), else a square around all the points, at least
 * POINT_VIEW_SPAN a side, with a margin; null until there is a point to centre on.
 */
export function pathView(points: readonly Pick<GeoPoint, 'lat' | 'lon'>[], current: GeoView | null): GeoView | null {
  if (points.length === 0 || (current && points.every((p) => inView(current, p)))) return current;
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const lat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const lon = (Math.min(...lons) + Math.max(...lons)) / 2;
  const wide = (Math.max(...lons) - Math.min(...lons)) * cosLat({ lat, lon, span: 1 });
  const tall = Math.max(...lats) - Math.min(...lats);
  // The points' extent is 80% of the side: they fall within 10..90, inside inView's margin.
  return { lat, lon, span: Math.max(POINT_VIEW_SPAN, 1.25 * Math.max(wide, tall)) };
}

/**
 * What the widget says of a path: a trace's length, a shape's area and perimeter (closed
 * on its first point), in metres, computed as the form's distance() and area() compute
 * them (JavaRosa's figures), so that the screen and the form's calculations agree.
 */
export interface PathMeasure {
  metres: number;
  squareMetres: number;
}

export function pathMeasure(points: readonly Pick<GeoPoint, 'lat' | 'lon'>[], closed: boolean): PathMeasure {
  const ring = closed && points.length > 2 ? [...points, points[0]] : points;
  return { metres: pathLength(ring), squareMetres: closed ? polygonArea(ring) : 0 };
}
