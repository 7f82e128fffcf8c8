import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnswer } from '../../../src/printer/commands/command-spec';
import {
  findFnDocument,
  type FnDocument,
} from '../../../src/printer/commands/fn-document-commands';
import {
  ADMIN,
  CASHIER,
  SYSADMIN,
  closeExtended,
  cmd,
  errorOf,
  le,
  pwd,
  saleLine,
} from '../test-support/raw-host';
import { emulatorOnVirtualClock } from '../test-support/emulator-host';

const find = (number: number, password = SYSADMIN) => cmd(0xff0a, pwd(password), le(number, 4));

/** What matters of a found document: type, number, and the type's own fields. */
function summary(doc: FnDocument) {
  const { type, number, operationType, totalKopecks, shiftNumber } = doc;
  return { type, number, operationType, totalKopecks, shiftNumber };
}

describe('FF0Ah find fiscal document by number', () => {
  it('files every document: registration, shift opening, receipt, Z report, shift opening', async () => {
    const { emu, host } = emulatorOnVirtualClock();
    await host.command(cmd(0xe0, pwd(CASHIER)));
    await host.command(saleLine(2000, 12_345, 'Чай'));
    await host.command(closeExtended({ 3: 24_690 }));
    await host.command(cmd(0x41, pwd(ADMIN)));
    await host.command(cmd(0xe0, pwd(CASHIER)));

    const last = emu.device.status().lastDocumentNumber;
    const docs: FnDocument[] = [];
    for (let n = 1; n <= last; n++)
      docs.push(decodeAnswer(findFnDocument, await host.command(find(n))));

    assert.equal(last, 5);
    assert.deepEqual(docs.map(summary), [
      {
        type: 1,
        number: 1,
        operationType: undefined,
        totalKopecks: undefined,
        shiftNumber: undefined,
      },
      { type: 2, number: 2, operationType: undefined, totalKopecks: undefined, shiftNumber: 1 },
      { type: 3, number: 3, operationType: 1, totalKopecks: 24_690, shiftNumber: undefined },
      { type: 5, number: 4, operationType: undefined, totalKopecks: undefined, shiftNumber: 1 },
      { type: 2, number: 5, operationType: undefined, totalKopecks: undefined, shiftNumber: 2 },
    ]);
    // The receipt's fiscal sign is the one printed on the tape and kept in the record.
    assert.equal(docs[2].fiscalSign, emu.device.fiscalDocuments()[0].fiscalSign);
    assert.notEqual(docs[1].fiscalSign, docs[4].fiscalSign);
    await emu.close();
  });

  it('a sale return is filed with operation type 2', async () => {
    const { emu, host } = emulatorOnVirtualClock({ shiftOpen: true });
    await host.command(cmd(0x8d, pwd(CASHIER), [2]));
    await host.command(
      cmd(0x82, pwd(CASHIER), le(1000, 5), le(500, 5), [1], [0, 0, 0, 0], new Array(40).fill(0x41)),
    );
    await host.command(closeExtended({ 1: 500 }));

    const number = emu.device.status().lastDocumentNumber;
    const doc = decodeAnswer(findFnDocument, await host.command(find(number)));

    assert.deepEqual([doc.type, doc.operationType, doc.totalKopecks], [3, 2, 500]);
    await emu.close();
  });

  it('a number past the last document answers 08h; a cashier password answers 4Fh', async () => {
    const { emu, host } = emulatorOnVirtualClock({ shiftOpen: true });
    const last = emu.device.status().lastDocumentNumber;

    const missing = await host.command(find(last + 1));
    const zero = await host.command(find(0));
    const cashier = await host.command(find(last, CASHIER));

    assert.deepEqual([missing, zero, cashier].map(errorOf), [0x08, 0x08, 0x4f]);
    await emu.close();
  });
});
