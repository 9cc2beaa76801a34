/**
 * REL-3 外勤签到, pure: the distance of a check-in from where the customer is known to be, and
 * whether it is too far. Customers carry no geocoded address yet, so the reference is the first
 * check-in ever made at that customer; without one the distance is unknown and said so, never guessed.
 */
export const DEFAULT_MAX_DISTANCE_M = 2000;
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine, WGS-84 mean radius). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type CheckInPlace = { status: 'reference' | 'near' | 'far' | 'unknown'; distanceM: number | null };

/** `reference`: this is the first check-in at the customer; `unknown`: no reference to compare with. */
export function placeCheckIn(at: { id: string; lat: number; lng: number }, reference: { id: string; lat: number; lng: number } | null, maxDistanceM = DEFAULT_MAX_DISTANCE_M): CheckInPlace {
  if (!reference) return { status: 'unknown', distanceM: null };
  if (reference.id === at.id) return { status: 'reference', distanceM: 0 };
  const d = Math.round(distanceMetres(at, reference));
  return { status: d > maxDistanceM ? 'far' : 'near', distanceM: d };
}
