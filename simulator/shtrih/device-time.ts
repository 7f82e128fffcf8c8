/** The device clock shows Moscow time (UTC+3, no daylight saving), like a register in Russia. */
const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

export interface DeviceDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function deviceDateTime(ms: number): DeviceDateTime {
  const d = new Date(ms + MOSCOW_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** 11h date (DD MM YY) and time (HH MM SS), p. 13 "Формат передачи значений". */
export function dateBytes(ms: number): number[] {
  const t = deviceDateTime(ms);
  return [t.day, t.month, t.year % 100];
}

export function timeBytes(ms: number): number[] {
  const t = deviceDateTime(ms);
  return [t.hour, t.minute, t.second];
}

/** Fiscal drive DATE_TIME (5 bytes): YY MM DD HH MM (FF01h, p. 42). */
export function fnDateTimeBytes(ms: number): number[] {
  const t = deviceDateTime(ms);
  return [t.year % 100, t.month, t.day, t.hour, t.minute];
}
