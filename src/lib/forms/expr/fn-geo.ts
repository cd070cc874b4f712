import { fn, str, type FnSpec } from './define';
import { evalItem } from './evaluate';
import { insidePolygon, parsePoint, parsePoints, pathLength, polygonArea, selfIntersects, type LatLon } from './geo';
import type { Item } from './types';

/**
 * The points of a geotrace or geoshape answer, or of a geopoint question in a repeat
 * read as a node-set (one point per instance); null if any is not a point.
 */
function pointsOf(v: Item): LatLon[] | null {
  if (typeof v === 'object' && v.length !== 1) {
    const points: LatLon[] = [];
    for (const s of v) {
      const p = parsePoint(s);
      if (!p) return null;
      points.push(p);
    }
    return points;
  }
  return parsePoints(typeof v === 'object' ? v[0] : String(v));
}

export const GEO_FUNCTIONS: Record<string, FnSpec> = {
  // Square metres; NaN (no value) when the answer is not a shape, as when it is empty.
  area: fn(1, 1, (a, ctx) => {
    const points = pointsOf(evalItem(a[0], ctx));
    return points ? polygonArea(points) : NaN;
  }),
  // Metres along a trace or shape, a repeat's points, or the points given one per argument.
  distance: fn(1, Infinity, (a, ctx) => {
    let points: LatLon[] | null;
    if (a.length === 1) points = pointsOf(evalItem(a[0], ctx));
    else {
      points = [];
      for (const e of a) {
        const p = parsePoint(str(e, ctx));
        if (!p) return NaN;
        points.push(p);
      }
    }
    return points ? pathLength(points) : NaN;
  }),
  geofence: fn(2, 2, (a, ctx) => {
    const point = parsePoint(str(a[0], ctx));
    const shape = pointsOf(evalItem(a[1], ctx));
    return !!point && !!shape && shape.length >= 3 && insidePolygon(point, shape);
  }),
  // True when a trace or shape crosses itself: constraint `not(intersects(.))`.
  intersects: fn(1, 1, (a, ctx) => {
    const points = pointsOf(evalItem(a[0], ctx));
    return !!points && selfIntersects(points);
  }),
};
