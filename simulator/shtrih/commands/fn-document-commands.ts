/**
 * Fiscal drive archive: FF0Ah finds a fiscal document by number (p. 45) among the registration
 * report, shift reports and receipts the emulated drive has filed.
 */
import type { ArchivedDocument, CommandHandler } from '../fiscal-device';
import { DEVICE_ERROR as ERR } from '../../../src/printer/protocol/device-errors';
import { CMD, FN_DOCUMENT_TYPE } from '../../../src/printer/protocol/shtrih-constants';
import { MODEL } from '../device-constants';
import { fnDateTimeBytes } from '../device-time';
import { refuse, uintLE } from '../wire-format';

/** The emulator has no OFD: no document is ever acknowledged. */
const OFD_ACKNOWLEDGED = 0;
/** Registration report: tax systems (bit 0, ОСН) and work mode (none) it was fiscalised with. */
const REGISTRATION = { TAX_SYSTEMS: 0x01, WORK_MODE: 0x00, REG_NUMBER: '0000000001012345' };

const findDocument: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const number = request.uint(4, 'document number');
  const doc = device.archivedDocument(number);
  if (!doc) refuse(ERR.FN_NO_DATA, `the fiscal drive holds no document ${number}`);
  return Buffer.concat([
    Buffer.from([doc.type, OFD_ACKNOWLEDGED]),
    Buffer.from(fnDateTimeBytes(doc.at)),
    uintLE(doc.number, 4),
    uintLE(doc.fiscalSign, 4),
    typeData(doc),
  ]);
};

/** What follows the common head, by type (receipt: operation + sum; shift reports: shift). */
function typeData(doc: ArchivedDocument): Buffer {
  switch (doc.type) {
    case FN_DOCUMENT_TYPE.RECEIPT:
      return Buffer.concat([
        Buffer.from([doc.operationType ?? 0]),
        uintLE(doc.totalKopecks ?? 0, 5),
      ]);
    case FN_DOCUMENT_TYPE.SHIFT_OPEN_REPORT:
    case FN_DOCUMENT_TYPE.SHIFT_CLOSE_REPORT:
      return uintLE(doc.shiftNumber ?? 0, 2);
    case FN_DOCUMENT_TYPE.REGISTRATION_REPORT:
      return Buffer.concat([
        Buffer.from(String(MODEL.INN).padEnd(12, ' '), 'ascii'),
        Buffer.from(REGISTRATION.REG_NUMBER.padEnd(20, ' '), 'ascii'),
        Buffer.from([REGISTRATION.TAX_SYSTEMS, REGISTRATION.WORK_MODE]),
      ]);
    default:
      return Buffer.alloc(0);
  }
}

export const FN_DOCUMENT_COMMANDS: Record<number, CommandHandler> = {
  [CMD.FIND_FN_DOCUMENT]: findDocument,
};
