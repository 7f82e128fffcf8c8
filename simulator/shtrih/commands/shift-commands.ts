/** Shift: E0h open (p. 38) and 41h daily report with clearing, which closes it (p. 26). */
import type { CommandHandler } from '../fiscal-device';
import { DEVICE_ERROR as ERR } from '../../../src/printer/protocol/device-errors';
import { CMD } from '../../../src/printer/protocol/shtrih-constants';
import { MODEL } from '../device-constants';
import { refuse } from '../wire-format';
import { formatDeviceTime } from '../tape/tape-layout';

/**
 * E0h. The vendor text lists the answer as "operator number" with length 2, leaving out the
 * error byte every answer carries (p. 13); we send code, error, operator.
 */
const openShift: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  if (device.receipt) refuse(ERR.RECEIPT_OPEN, 'a receipt is open');
  if (device.shiftOpen) refuse(ERR.SHIFT_OPEN, 'the shift is already open');
  device.requirePaper();
  device.openShiftNow();
  device.print([
    {
      kind: 'report',
      title: 'ОТЧЕТ ОБ ОТКРЫТИИ СМЕНЫ',
      lines: [
        `СМЕНА ${device.shiftNumber}`,
        device.operatorName(op),
        `ФД ${device.lastDocumentNumber}  ${formatDeviceTime(device.clock.now())}`,
        `ФН ${MODEL.FN_SERIAL}`,
      ],
    },
  ]);
  return [op];
};

const closeShift: CommandHandler = (device, request) => {
  const op = device.requireAdmin(request.uint(4, 'password'));
  if (device.receipt) refuse(ERR.RECEIPT_OPEN, 'a receipt is open');
  if (!device.shiftOpen) refuse(ERR.NOT_IN_MODE, 'no shift to close in mode 4');
  device.requirePaper();
  const shift = device.shiftNumber;
  device.closeShiftNow();
  device.print([
    {
      kind: 'report',
      title: 'ОТЧЕТ О ЗАКРЫТИИ СМЕНЫ',
      lines: [
        `СМЕНА ${shift}`,
        device.operatorName(op),
        `ФД ${device.lastDocumentNumber}  ${formatDeviceTime(device.clock.now())}`,
        `ФН ${MODEL.FN_SERIAL}`,
      ],
    },
    { kind: 'cut', partial: false },
  ]);
  return [op];
};

export const SHIFT_COMMANDS: Record<number, CommandHandler> = {
  [CMD.OPEN_SHIFT]: openShift,
  [CMD.Z_REPORT]: closeShift,
};
