/**
 * Instants typed as wall-clock time. A `datetime-local` input gives "2027-01-15T09:00" with no
 * zone: it is read in the person's time zone (the account's), and shown back the same way, so
 * that a secretariat member in Nairobi types Nairobi time and the call opens at that instant.
 */

const LOCAL_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function formatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A zone the runtime knows, else UTC (an account's zone is checked when set, but stay safe). */
function knownZone(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant (ISO 8601, UTC) at which the clocks of `timeZone` show `local`
 * ("YYYY-MM-DDTHH:mm" or with seconds); null when `local` is not such a date-time. A time the
 * clocks skip (a spring-forward gap) is read with the offset in force before the change; a time
 * they show twice (fall back) is the first of the two.
 */
export function instantFromLocal(local: string, timeZone: string): string | null {
  const match = LOCAL_FORM.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const zone = knownZone(timeZone);
  // The offset depends on the instant sought: guess with the offset at the wall time read as
  // UTC, then correct once with the offset at the guess.
  const first = wall - offsetAt(wall, zone);
  const corrected = wall - offsetAt(first, zone);
  const before = wall - offsetAt(first - 24 * 3600 * 1000, zone);
  // Of the candidates, keep the earliest that shows `local`; in a gap none does, and the one
  // computed with the offset before the change is kept.
  const shows = (instant: number) => {
    const back = wallClock(instant, zone);
    return Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute, back.second) === wall;
  };
  const candidates = [first, corrected, before].filter(shows).sort((a, b) => a - b);
  return new Date(candidates[0] ?? before).toISOString();
}

/** `instant` as "YYYY-MM-DDTHH:mm" on the clocks of `timeZone`, for a `datetime-local` input. */
export function localFromInstant(instant: Date | string, timeZone: string): string {
  const wall = wallClock(new Date(instant).getTime(), knownZone(timeZone));
  const pad = (value: number, length = 2) => String(value).padStart(length, '0');
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}
