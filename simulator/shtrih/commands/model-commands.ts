/** Model: F7h "Расширенный запрос" (p. 38-40); request type 1 "Параметры модели" only. */
import type { CommandHandler } from '../fiscal-device';
import { DEVICE_ERROR as ERR } from '../../../src/printer/protocol/device-errors';
import {
  CMD,
  EXTENDED_REQUEST_TYPE,
  GRAPHIC_LINE_BYTES,
  MODEL_PARAMETER_BIT,
} from '../../../src/printer/protocol/shtrih-constants';
import { MODEL_PARAMETERS as P } from '../device-constants';
import { TAPE_COLUMNS } from '../tape/tape-layout';
import { refuse, uintLE } from '../wire-format';

/** The 8-byte bit field: bit 26 exactly when C5h bytes print LSB-first, as this device does. */
function parameterBits(lsbFirst: boolean): Buffer {
  let flags = 0n;
  for (const bit of P.FLAG_BITS) flags |= 1n << BigInt(bit);
  if (lsbFirst) flags |= 1n << BigInt(MODEL_PARAMETER_BIT.REVERSE_LINE_BYTES);
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(flags);
  return out;
}

/** F7h: request type (1 byte) [, data]; no password. Other types: 33h. */
const extendedRequest: CommandHandler = (device, request) => {
  const type = request.u8('request type');
  if (type !== EXTENDED_REQUEST_TYPE.MODEL_PARAMETERS) {
    refuse(ERR.INVALID_PARAMETERS, `extended request type ${type} is not supported`);
  }
  return Buffer.concat([
    parameterBits(device.graphicsBitOrder === 'lsb-first'),
    Buffer.from([
      TAPE_COLUMNS, // font 1 width: the tape's 40 columns
      TAPE_COLUMNS / 2, // font 2 width: double-width characters
      P.FIRST_GRAPHIC_LINE,
      P.INN_DIGITS,
      P.RNM_DIGITS,
      P.LONG_RNM_DIGITS,
      P.LONG_SERIAL_DIGITS,
    ]),
    uintLE(P.DEFAULT_TAX_INSPECTOR_PASSWORD, 4),
    uintLE(P.DEFAULT_SYSADMIN_PASSWORD, 4),
    Buffer.from([P.BLUETOOTH_TABLE, P.TAX_ACCRUAL_FIELD]),
    uintLE(P.MAX_COMMAND_LENGTH, 2),
    // The C5h handler takes 40-byte lines (p. 35).
    Buffer.from([GRAPHIC_LINE_BYTES, P.GRAPHICS_512_LINE_BYTES]),
    uintLE(P.GRAPHICS_512_LINES, 2),
  ]);
};

export const MODEL_COMMANDS: Record<number, CommandHandler> = {
  [CMD.EXTENDED_REQUEST]: extendedRequest,
};
