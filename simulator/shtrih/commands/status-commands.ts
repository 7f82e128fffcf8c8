/**
 * Status and identity: 10h short status (p. 17), 11h full status (p. 18), FCh device type
 * (p. 41), FF01h fiscal drive status (p. 42).
 */
import type { CommandHandler, ShtrihDevice } from '../fiscal-device';
import {
  CMD,
  FN_DOCUMENT,
  FN_LIFE_PHASE,
  STATUS_FLAG,
  STATUS_PORT_TCP,
} from '../../../src/printer/protocol/shtrih-constants';
import { MODEL } from '../device-constants';
import { dateBytes, fnDateTimeBytes, timeBytes } from '../device-time';
import { encodeText, uintLE } from '../wire-format';

/** Backup battery and supply voltages as the status bytes carry them (units model-defined). */
const BATTERY_VOLTAGE = 0x9c;
const SUPPLY_VOLTAGE = 0xb4;

export function statusFlags(device: ShtrihDevice): number {
  const paper = device.paperPresent ? STATUS_FLAG.RECEIPT_ROLL | STATUS_FLAG.RECEIPT_OPTICAL : 0;
  return paper | STATUS_FLAG.RECEIPT_LEVER;
}

const shortStatus: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const operations = device.receipt?.items.length ?? 0;
  return [
    op,
    ...uintLE(statusFlags(device), 2),
    device.modeByte(),
    device.submode(),
    operations & 0xff,
    BATTERY_VOLTAGE,
    SUPPLY_VOLTAGE,
    // Two bytes the v1.17 text leaves out but real devices send (fiscal memory and EKLZ
    // error codes on older models): LEN is 16 only with them.
    0,
    0,
    (operations >> 8) & 0xff,
    0,
    0,
    0,
  ];
};

/**
 * 11h. The v1.17 field list adds up to 40 bytes, yet the text gives the length as 48: real
 * devices keep the older layout, with the fiscal memory firmware fields, fiscal memory flags
 * and free-record count in place (zeros or fixed values here). We send those 48 bytes, and
 * the driver parses the same layout; neither has been compared with a real device's capture.
 */
const fullStatus: CommandHandler = (device, request, link) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const now = device.clock.now();
  return Buffer.concat([
    Buffer.from([op]),
    encodeText(MODEL.FIRMWARE_VERSION),
    uintLE(MODEL.FIRMWARE_BUILD, 2),
    Buffer.from(MODEL.FIRMWARE_DATE),
    Buffer.from([Number(device.tables.get(1, 1, 1))]),
    uintLE(device.lastDocumentNumber % 10_000, 2),
    uintLE(statusFlags(device), 2),
    Buffer.from([device.modeByte(), device.submode(), link.tcp ? STATUS_PORT_TCP : 0]),
    // Fiscal memory firmware version, build, date (older layout; not used with an FN).
    encodeText(MODEL.FIRMWARE_VERSION),
    uintLE(MODEL.FIRMWARE_BUILD, 2),
    Buffer.from(MODEL.FIRMWARE_DATE),
    Buffer.from(dateBytes(now)),
    Buffer.from(timeBytes(now)),
    // Fiscal memory flags.
    Buffer.from([0]),
    uintLE(MODEL.SERIAL_NUMBER, 4),
    uintLE(device.lastClosedShift, 2),
    // Free fiscal memory records.
    uintLE(0, 2),
    // Fiscalisations done and left.
    Buffer.from([1, 29]),
    uintLE(MODEL.INN, 6),
  ]);
};

const deviceType: CommandHandler = () => [
  MODEL.TYPE,
  MODEL.SUBTYPE,
  MODEL.PROTOCOL_VERSION,
  MODEL.PROTOCOL_SUBVERSION,
  MODEL.MODEL,
  MODEL.LANGUAGE,
  ...encodeText(MODEL.NAME),
];

const fnStatus: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const receipt = device.receipt;
  return Buffer.concat([
    Buffer.from([
      FN_LIFE_PHASE.CONFIGURED | FN_LIFE_PHASE.FISCAL_MODE,
      receipt ? FN_DOCUMENT.RECEIPT : FN_DOCUMENT.NONE,
      receipt && receipt.items.length > 0 ? 1 : 0,
      device.shiftOpen ? 1 : 0,
      // Warning flags: none.
      0,
    ]),
    Buffer.from(fnDateTimeBytes(device.clock.now())),
    Buffer.from(MODEL.FN_SERIAL.padEnd(16, ' '), 'ascii'),
    uintLE(device.lastDocumentNumber, 4),
  ]);
};

export const STATUS_COMMANDS: Record<number, CommandHandler> = {
  [CMD.SHORT_STATUS]: shortStatus,
  [CMD.FULL_STATUS]: fullStatus,
  [CMD.DEVICE_TYPE]: deviceType,
  [CMD.FN_STATUS]: fnStatus,
};
