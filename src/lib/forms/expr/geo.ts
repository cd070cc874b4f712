/**
 * area(), distance() and geofence() computed as JavaRosa (ODK Collect) computes them,
 * so a form gives the same figures in Piso: the Earth as a sphere of radius 6,378,100 m
 * (its equatorial radius), distances by the spherical law of cosines, areas on a local
 * equirectangular projection around the first point, and geofence by even-odd ray
 * casting on latitude and longitude. Altitude and accuracy are ignored.
 */

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const EARTH_RADIUS_M = 6_378_100;
const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * EARTH_RADIUS_M;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** 'lat lon [altitude [accuracy]]' as ODK stores a geopoint; null if it is not one. */
export function parsePoint(s: string): LatLon | null {
  const parts = s.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 4) return null;
  const nums = parts.map(Number);
  if (nums.some((n) => !Number.isFinite(n))) return null;
  const [lat, lon] = nums;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}

/** A geotrace or geoshape ('p1; p2; ...', a trailing ';' allowed); null if any point is bad. */
export function parsePoints(s: string): LatLon[] | null {
  const segments = s.split(';');
  if (segments.length > 1 && segments[segments.length - 1].trim() === '') segments.pop();
  const points: LatLon[] = [];
  for (const seg of segments) {
    const p = parsePoint(seg);
    if (!p) return null;
    points.push(p);
  }
  return points;
}

/** Metres along the points in order. */
export function pathLength(points: readonly LatLon[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += between(points[i - 1], points[i]);
  return total;
}

function between(p: LatLon, q: LatLon): number {
  const φ1 = rad(p.lat);
  const φ2 = rad(q.lat);
  const cos = Math.sin(φ1) * Math.sin(φ2) + Math.cos(φ1) * Math.cos(φ2) * Math.cos(rad(p.lon - q.lon));
  // Rounding can push the cosine of a zero-length step just past 1.
  return Math.acos(Math.min(1, Math.max(-1, cos))) * EARTH_RADIUS_M;
}

/** Square metres enclosed by the points (a polygon; closed or not); 0 below 3 points. */
export function polygonArea(points: readonly LatLon[]): number {
  if (points.length < 3) return 0;
  const ref = points[0];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const p = points[i];
    ys.push(((p.lat - ref.lat) * EARTH_CIRCUMFERENCE_M) / 360);
    xs.push(((p.lon - ref.lon) * EARTH_CIRCUMFERENCE_M * Math.cos(rad(p.lat))) / 360);
  }
  let sum = 0;
  for (let i = 1; i < xs.length; i++) sum += (ys[i - 1] * xs[i] - xs[i - 1] * ys[i]) / 2;
  return Math.abs(sum);
}

/** Whether the point lies inside the polygon (closed here if the shape is not). */
export function insidePolygon(point: LatLon, polygon: readonly LatLon[]): boolean {
  const ring = closed(polygon);
  let inside = false;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1];
    const b = ring[i];
    if (b.lat > point.lat !== a.lat > point.lat && point.lon < ((a.lon - b.lon) * (point.lat - b.lat)) / (a.lat - b.lat) + b.lon) {
      inside = !inside;
    }
  }
  return inside;
}

function closed(points: readonly LatLon[]): readonly LatLon[] {
  const first = points[0];
  const last = points[points.length - 1];
  return first && (first.lat !== last.lat || first.lon !== last.lon) ? [...points, first] : points;
}

/**
 * Whether a trace or shape crosses itself: two of its segments that are not neighbours
 * (and, in a closed shape, not the last and the first) meet, on the plane of latitude
 * and longitude.
 */
export function selfIntersects(points: readonly LatLon[]): boolean {
  const n = points.length - 1; // segments
  const ring = n >= 3 && points[0].lat === points[n].lat && points[0].lon === points[n].lon;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (ring && i === 0 && j === n - 1) continue;
      if (segmentsMeet(points[i], points[i + 1], points[j], points[j + 1])) return true;
    }
  }
  return false;
}

function orientation(p: LatLon, q: LatLon, r: LatLon): number {
  const v = (q.lon - p.lon) * (r.lat - p.lat) - (q.lat - p.lat) * (r.lon - p.lon);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(p: LatLon, q: LatLon, r: LatLon): boolean {
  return Math.min(p.lon, r.lon) <= q.lon && q.lon <= Math.max(p.lon, r.lon) && Math.min(p.lat, r.lat) <= q.lat && q.lat <= Math.max(p.lat, r.lat);
}

function segmentsMeet(a: LatLon, b: LatLon, c: LatLon, d: LatLon): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, c, b)) || (o2 === 0 && onSegment(a, d, b)) ||
    (o3 === 0 && onSegment(c, a, d)) || (o4 === 0 && onSegment(c, b, d))
  );
}
