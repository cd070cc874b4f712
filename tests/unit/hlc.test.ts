import { describe, expect, it } from 'vitest';
import { Hlc, compareHlc, formatHlc, parseHlc } from '../../src/lib/domain/hlc';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');

/** A clock whose wall time the test sets. */
function clockAt(deviceId: string, start = T0) {
  const wall = { now: start };
  return { wall, hlc: new Hlc(deviceId, () => wall.now) };
}

describe('hlc text', () => {
  it('formats time, 4-digit counter and device, and parses it back', () => {
    const text = formatHlc({ time: T0, counter: 7, deviceId: 'dev-a-1' });
    expect(text).toBe('2026-11-27T10:00:00.000Z-0007-dev-a-1');
    expect(parseHlc(text)).toEqual({ time: T0, counter: 7, deviceId: 'dev-a-1' });
  });

  it('rejects text that is not a clock', () => {
    expect(() => parseHlc('yesterday')).toThrow();
    expect(() => parseHlc('2026-11-27T10:00:00.000Z-7-dev')).toThrow();
  });

  it('sorts as text in time, then counter, then device order', () => {
    const clocks = [
      formatHlc({ time: T0 + 1, counter: 0, deviceId: 'a' }),
      formatHlc({ time: T0, counter: 10, deviceId: 'a' }),
      formatHlc({ time: T0, counter: 9, deviceId: 'b' }),
      formatHlc({ time: T0, counter: 9, deviceId: 'a' }),
    ];
    expect([...clocks].sort()).toEqual([clocks[3], clocks[2], clocks[1], clocks[0]]);
    expect(compareHlc(clocks[3], clocks[2])).toBe(-1);
    expect(compareHlc(clocks[0], clocks[0])).toBe(0);
  });
});

describe('Hlc', () => {
  it('uses the wall clock when it moves forward', () => {
    const { wall, hlc } = clockAt('a');
    expect(hlc.tick()).toBe('2026-11-27T10:00:00.000Z-0000-a');
    wall.now += 5;
    expect(hlc.tick()).toBe('2026-11-27T10:00:00.005Z-0000-a');
  });

  it('counts up within one millisecond', () => {
    const { hlc } = clockAt('a');
    expect([hlc.tick(), hlc.tick(), hlc.tick()].map((c) => parseHlc(c).counter)).toEqual([0, 1, 2]);
  });

  it('stays monotonic when the wall clock goes backwards', () => {
    const { wall, hlc } = clockAt('a');
    const before = hlc.tick();
    wall.now -= 60 * 60 * 1000; // the user fixed the phone's date
    const after = [hlc.tick(), hlc.tick()];
    expect(compareHlc(after[0], before)).toBe(1);
    expect(compareHlc(after[1], after[0])).toBe(1);
    expect(parseHlc(after[1]).time).toBe(T0);
  });

  it('keeps order past 9999 ticks in one millisecond by borrowing the next one', () => {
    const { hlc } = clockAt('a');
    let previous = hlc.tick();
    for (let i = 0; i < 10_050; i++) {
      const next = hlc.tick();
      expect(next > previous).toBe(true);
      previous = next;
    }
    expect(parseHlc(previous).time).toBe(T0 + 1);
  });

  it('advances past a clock received from a device that is ahead', () => {
    const { hlc } = clockAt('a');
    hlc.tick();
    const remote = formatHlc({ time: T0 + 10_000, counter: 3, deviceId: 'b' });
    const local = hlc.receive(remote);
    expect(local).toBe(formatHlc({ time: T0 + 10_000, counter: 4, deviceId: 'a' }));
    expect(compareHlc(hlc.tick(), local)).toBe(1);
  });

  it('advances past a received clock with the same time and a higher counter', () => {
    const { hlc } = clockAt('a');
    hlc.tick();
    hlc.tick();
    const local = hlc.receive(formatHlc({ time: T0, counter: 40, deviceId: 'b' }));
    expect(parseHlc(local)).toEqual({ time: T0, counter: 41, deviceId: 'a' });
  });

  it('ignores an older received clock but still moves forward', () => {
    const { wall, hlc } = clockAt('a');
    const first = hlc.tick();
    wall.now += 1;
    const local = hlc.receive(formatHlc({ time: T0 - 5000, counter: 9, deviceId: 'b' }));
    expect(local).toBe(formatHlc({ time: T0 + 1, counter: 0, deviceId: 'a' }));
    expect(compareHlc(local, first)).toBe(1);
  });

  it('carries the counter over 9999 on receive too', () => {
    const { hlc } = clockAt('a');
    const local = hlc.receive(formatHlc({ time: T0, counter: 9999, deviceId: 'b' }));
    expect(parseHlc(local)).toEqual({ time: T0 + 1, counter: 0, deviceId: 'a' });
  });

  it('resumes after the last persisted clock', () => {
    const last = formatHlc({ time: T0 + 1000, counter: 2, deviceId: 'a' });
    const hlc = new Hlc('a', () => T0, last);
    expect(hlc.tick()).toBe(formatHlc({ time: T0 + 1000, counter: 3, deviceId: 'a' }));
  });
});
