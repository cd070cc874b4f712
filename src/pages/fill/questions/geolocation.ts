// One position from the phone's GPS (which works with no network), as an ODK point.
// Failures come back as the i18n key of what to tell the enumerator.
import type { GeoPoint } from '../../../lib/forms/engine';

export type LocateFailure = 'fill.geo.unavailable' | 'fill.geo.denied' | 'fill.geo.failed';

export function currentPosition(): Promise<GeoPoint> {
  return new Promise((resolve, reject: (key: LocateFailure) => void) => {
    if (!('geolocation' in navigator)) return reject('fill.geo.unavailable');
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({ lat: coords.latitude, lon: coords.longitude, alt: coords.altitude ?? 0, acc: coords.accuracy }),
      (error) => reject(error.code === error.PERMISSION_DENIED ? 'fill.geo.denied' : 'fill.geo.failed'),
      { enableHighAccuracy: true, timeout: 60_000, maximumAge: 0 },
    );
  });
}
