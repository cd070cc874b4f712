// The offline drawing of a geopoint (`map`, `placement-map`): drawing coordinates and
// places convert both ways, a degree of longitude keeps its length on the ground.
import { describe, expect, it } from 'vitest';
import { fromDrawing, inView, METRES_PER_DEGREE, toDrawing } from '../../src/lib/forms/engine/geo';

describe('the drawing of a point', () => {
  const view = { lat: 13.7, lon: -89.2, span: 0.01 };
  it('puts the centre in the middle, north up and east right', () => {
    expect(toDrawing(view, view)).toEqual([50, 50]);
    const [x, y] = toDrawing(view, { lat: 13.701, lon: -89.199 });
    expect(x).toBeGreaterThan(50);
    expect(y).toBeLessThan(50);
  });
  it('keeps distances on the ground: 100 m east and 100 m north are as far on the drawing', () => {
    const north = 100 / METRES_PER_DEGREE;
    const east = north / Math.cos((view.lat * Math.PI) / 180);
    const [xe] = toDrawing(view, { lat: view.lat, lon: view.lon + east });
    const [, yn] = toDrawing(view, { lat: view.lat + north, lon: view.lon });
    expect(xe - 50).toBeCloseTo(50 - yn, 6);
  });
  it('reads a spot of the drawing back as the place it shows', () => {
    const place = { lat: 13.702345, lon: -89.203456 };
    const [x, y] = toDrawing(view, place);
    expect(fromDrawing(view, x, y)).toEqual(place);
    expect(fromDrawing(view, 50, 0).lat).toBeCloseTo(13.705, 9);
  });
  it('keeps a longitude in -180..180 across the antimeridian, and a latitude within the poles', () => {
    const edge = { lat: 0, lon: 179.999, span: 0.01 };
    expect(fromDrawing(edge, 100, 50).lon).toBeCloseTo(-179.996, 6);
    expect(fromDrawing({ lat: 89.999, lon: 0, span: 0.01 }, 50, -100).lat).toBe(90);
  });
  it('says whether a point is on the drawing, away from its edges', () => {
    expect(inView(view, view)).toBe(true);
    expect(inView(view, { lat: view.lat + 0.0049, lon: view.lon })).toBe(false);
    expect(inView(view, { lat: view.lat + 0.004, lon: view.lon })).toBe(true);
  });
});
