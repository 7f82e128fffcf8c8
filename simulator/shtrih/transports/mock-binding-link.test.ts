import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { SerialPortMock } from 'serialport';
import { ShtrihEmulator } from '../emulator';
import { CASHIER, cmd, pwd, RawHost, win1251 } from '../test-support/raw-host';

let counter = 0;

async function openPort(path: string): Promise<SerialPortMock> {
  const port = new SerialPortMock({ path, baudRate: 115200 });
  await once(port, 'open'); // rejects on 'error'
  return port;
}

describe('binding-mock transport', () => {
  it('answers a SerialPort opened on the attached mock path', async () => {
    const emu = new ShtrihEmulator();
    const path = `/dev/ttyEMU${++counter}`;
    emu.attachMockBinding(path);
    const port = await openPort(path);
    const host = new RawHost(port);

    const answer = await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('Через mock', 40)));

    assert.deepEqual([...answer], [0x17, 0, CASHIER]);
    assert.equal(emu.tape.ofKind('text')[0].text, 'Через mock');
    await new Promise<void>((resolve) => port.close(() => resolve()));
    await emu.close();
  });

  it('reports dropConnection to SerialPort as a disconnect', async () => {
    const emu = new ShtrihEmulator();
    const path = `/dev/ttyEMU${++counter}`;
    emu.attachMockBinding(path);
    const port = await openPort(path);
    const host = new RawHost(port);
    await host.command(cmd(0x10, pwd(CASHIER)));
    const closed = new Promise<unknown>((resolve) => port.once('close', resolve));

    emu.faults.dropConnection();

    const reason = (await closed) as { disconnected?: boolean } | null;
    assert.equal(reason?.disconnected, true);
    assert.equal(port.isOpen, false);
    await emu.close();
  });
});
