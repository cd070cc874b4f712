// The offline drawing of a location (geopoint's `map`, `placement-map`; geotrace and
// geoshape): drawing coordinates and places convert both ways, a degree of longitude
// keeps its length on the ground; a path's drawing holds all its points and stays put
// while they fit; a trace's length and a shape's area; the keys that move its cursor.
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../src/lib/forms/engine';
import { fromDrawing, inView, METRES_PER_DEGREE, pathMeasure, pathView, POINT_VIEW_SPAN, toDrawing } from '../../src/lib/forms/engine/geo';
import { arrowMove, isActKey, spotOf } from '../../src/pages/fill/questions/drawing-keys';

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

describe('the drawing of a trace or shape', () => {
  const first = { lat: 13.69, lon: -89.19 };
  it('waits for a point, then centres a square of a point drawing on it', () => {
    expect(pathView([], null)).toBeNull();
    expect(pathView([first], null)).toEqual({ ...first, span: POINT_VIEW_SPAN });
  });
  it('stays put while every point is on it, so that a tap keeps meaning the same place', () => {
    const view = pathView([first], null)!;
    const near = fromDrawing(view, 80, 20);
    expect(pathView([first, near], view)).toBe(view);
    // All points removed: the drawing stays, to tap the first one on.
    expect(pathView([], view)).toBe(view);
  });
  it('grows to hold a point beyond it, every point then well inside', () => {
    const view = pathView([first], null)!;
    const far = { lat: 13.7, lon: -89.17 };
    const grown = pathView([first, far], view)!;
    expect(grown).not.toBe(view);
    expect(grown.span).toBeGreaterThan(view.span);
    for (const p of [first, far]) expect(inView(grown, p)).toBe(true);
    const [x1, y1] = toDrawing(grown, first);
    const [x2, y2] = toDrawing(grown, far);
    // The wider extent (east-west here) spans 80 of the 100 units, centred.
    expect(x2 - x1).toBeCloseTo(80, 6);
    expect((x1 + x2) / 2).toBeCloseTo(50, 6);
    expect((y1 + y2) / 2).toBeCloseTo(50, 6);
  });
});

describe('a path measured', () => {
  // On a sphere of 6,378,100 m (JavaRosa's): a degree of latitude is R·π/180 m.
  const degree = (6_378_100 * Math.PI) / 180;
  const sw = { lat: 0, lon: 0 };
  const nw = { lat: 0.001, lon: 0 };
  const ne = { lat: 0.001, lon: 0.001 };
  const se = { lat: 0, lon: 0.001 };
  it('a trace by its length, leg by leg', () => {
    expect(pathMeasure([sw, nw, ne], false).metres).toBeCloseTo(2 * 0.001 * degree, 1);
    expect(pathMeasure([sw, nw, ne], false).squareMetres).toBe(0);
    expect(pathMeasure([sw], false).metres).toBe(0);
  });
  it('a shape by its area and its perimeter, closed on its first corner', () => {
    const square = pathMeasure([sw, nw, ne, se], true);
    expect(square.squareMetres).toBeCloseTo((0.001 * degree) ** 2, 0);
    expect(square.metres).toBeCloseTo(4 * 0.001 * degree, 1);
    // The same from the stored answer, which repeats the first corner.
    const stored = parsePath(formatPath([{ ...sw, alt: 0, acc: 0 }, { ...nw, alt: 0, acc: 0 }, { ...ne, alt: 0, acc: 0 }], true))!;
    expect(stored).toHaveLength(4);
    expect(pathMeasure(stored.slice(0, 3), true).squareMetres).toBeCloseTo((0.001 * degree) ** 2 / 2, 0);
  });
});

describe('the keys of a drawing', () => {
  const keys = { step: 5, far: 25, width: 100, height: 100 };
  const press = (key: string, shiftKey = false) => ({ key, shiftKey });
  it('move the cursor by a step, or further with Shift, north up', () => {
    expect(arrowMove(keys, [50, 50], press('ArrowRight'))).toEqual([55, 50]);
    expect(arrowMove(keys, [50, 50], press('ArrowUp', true))).toEqual([50, 25]);
    expect(arrowMove(keys, [50, 50], press('ArrowLeft'))).toEqual([45, 50]);
    expect(arrowMove(keys, [50, 50], press('ArrowDown'))).toEqual([50, 55]);
  });
  it('keep the cursor on the surface', () => {
    expect(arrowMove(keys, [90, 2], press('ArrowRight', true))).toEqual([100, 2]);
    expect(arrowMove(keys, [90, 2], press('ArrowUp'))).toEqual([90, 0]);
    expect(arrowMove({ ...keys, width: 600, height: 450 }, [595, 440], press('ArrowDown', true))).toEqual([595, 450]);
  });
  it('leave other keys alone; Space and Enter act', () => {
    expect(arrowMove(keys, [50, 50], press('a'))).toBeNull();
    expect(isActKey(press(' '))).toBe(true);
    expect(isActKey(press('Enter'))).toBe(true);
    expect(isActKey(press('Tab'))).toBe(false);
  });
  it('read a tap in the surface units, whatever size it is drawn', () => {
    const box = { left: 10, top: 100, width: 320, height: 320 };
    expect(spotOf(box, 100, 100, { clientX: 10 + 240, clientY: 100 + 80 })).toEqual([75, 25]);
  });
});
