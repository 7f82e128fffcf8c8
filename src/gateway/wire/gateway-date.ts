/**
 * Dates on the wire: `YYYYMMDD HH:MM:SS` in the gateway's local time [public]. The zone is
 * an IANA name passed in by both sides (default Europe/Moscow, see DEFAULT_TIME_ZONE), so a
 * test can pin it and a POS in Vladivostok still writes the time the gateway expects.
 */
import { WireFormatError } from './wire-format-error';

const PATTERN = /^(\d{4})(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new WireFormatError(
        `Time zone "${timeZone}" is not known: use an IANA name such as Europe/Moscow`,
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** ms since the epoch → "20261203 12:00:00" in `timeZone` (seconds truncated). */
export function formatGatewayDate(ms: number, timeZone: string): string {
  const t = wallClock(ms, timeZone);
  const day = `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}`;
  return `${day} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** "20261203 12:00:00" in `timeZone` → ms since the epoch; refuses impossible dates. */
export function parseGatewayDate(text: string, timeZone: string, field = 'date'): number {
  const match = PATTERN.exec(text);
  if (!match) {
    throw new WireFormatError(
      `${field} "${text}" is not a date in the form YYYYMMDD HH:MM:SS`,
      field,
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);

  // The zone's offset depends on the instant; two rounds settle it even across a DST change.
  let ms = asUtc - offsetAt(asUtc, timeZone);
  ms = asUtc - offsetAt(ms, timeZone);

  // Round-tripping catches 20260230 and wall times skipped by a DST change.
  if (formatGatewayDate(ms, timeZone) !== text) {
    throw new WireFormatError(`${field} "${text}" does not exist in time zone ${timeZone}`, field);
  }
  return ms;
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const t = wallClock(ms, timeZone);
  const wallAsUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}
