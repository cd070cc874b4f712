// Locations as ODK stores them: a point is 'lat lon altitude accuracy'; a geotrace is
// points joined by ';'; a geoshape is a geotrace whose last point repeats the first.

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
