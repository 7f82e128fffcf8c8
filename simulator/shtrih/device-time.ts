/**
 * The device clock shows the local time of the computer it runs on: a register's clock is
 * set to the shop's local time, and the POS program prints its own times (e.g. "pay
 * before") in the same zone, so the tape agrees with itself whatever TZ the machine has.
 */

export interface DeviceDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function deviceDateTime(ms: number): DeviceDateTime {
  const d = new Date(ms);
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
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
