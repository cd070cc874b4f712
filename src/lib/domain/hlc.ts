// Hybrid logical clock (DESIGN.md "Data model"): wall-clock time plus a counter plus
// the device id, written as text that sorts in causal order:
//   "2026-11-27T10:15:00.000Z-0042-<deviceId>"
// The time part is always 24 characters and the counter 4 digits, so plain string
// comparison orders clocks by time, then counter, then device.

const COUNTER_MAX = 9999;
const HLC_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-(\d{4})-(.+)$/;

export interface HlcParts {
  /** Milliseconds since the epoch. */
  time: number;
  counter: number;
  deviceId: string;
}

export function formatHlc({ time, counter, deviceId }: HlcParts): string {
  return `${new Date(time).toISOString()}-${String(counter).padStart(4, '0')}-${deviceId}`;
}

export function parseHlc(s: string): HlcParts {
  const match = HLC_PATTERN.exec(s);
  if (!match) throw new Error(`Not a hybrid logical clock: ${JSON.stringify(s)}`);
  return { time: Date.parse(match[1]), counter: Number(match[2]), deviceId: match[3] };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two clocks; undefined counts as earlier than any clock. */
export function maxHlc(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareHlc(a, b) >= 0 ? a : b;
}

/**
 * The clock of one device. Every value it hands out is greater than every value it
 * handed out or received before, even when the wall clock goes back (NTP, a user
 * fixing the date, a phone with a flat battery).
 */
export class Hlc {
  private time = 0;
  private counter = 0;

  constructor(
    readonly deviceId: string,
    private readonly now: () => number = Date.now,
    last?: string,
  ) {
    if (last !== undefined) {
      const parts = parseHlc(last);
      this.time = parts.time;
      this.counter = parts.counter;
    }
  }

  /** A new clock for a local change. */
  tick(): string {
    const wall = this.now();
    if (wall > this.time) this.set(wall, 0);
    else this.set(this.time, this.counter + 1);
    return this.current();
  }

  /** Whether `remote` is more than `maxAheadMs` ahead of this device's wall clock. */
  isFarAhead(remote: string, maxAheadMs: number): boolean {
    return parseHlc(remote).time > this.now() + maxAheadMs;
  }

  /**
   * Advances past a clock received from elsewhere; returns the new local clock. A clock
   * more than `maxAheadMs` ahead of the wall (a device whose date was set years ahead,
   * a forged record) is not followed: every later edit here would carry that date, and
   * win every merge against devices with a right clock until then. The record keeps
   * its clock; this one only ticks.
   */
  receive(remote: string, maxAheadMs = Number.POSITIVE_INFINITY): string {
    if (this.isFarAhead(remote, maxAheadMs)) return this.tick();
    const r = parseHlc(remote);
    const wall = this.now();
    const time = Math.max(this.time, r.time, wall);
    if (time === this.time && time === r.time) this.set(time, Math.max(this.counter, r.counter) + 1);
    else if (time === this.time) this.set(time, this.counter + 1);
    else if (time === r.time) this.set(time, r.counter + 1);
    else this.set(time, 0);
    return this.current();
  }

  private set(time: number, counter: number): void {
    // Past 9999 changes in one millisecond, borrow the next millisecond: order is kept
    // and the clock only runs 1 ms ahead of the wall, which the next tick absorbs.
    if (counter > COUNTER_MAX) {
      time += 1;
      counter = 0;
    }
    this.time = time;
    this.counter = counter;
  }

  private current(): string {
    return formatHlc({ time: this.time, counter: this.counter, deviceId: this.deviceId });
  }
}
