import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';
import { ShtrihEmulator } from '../emulator';
import { CASHIER, cmd, pwd, RawHost, win1251 } from '../test-support/raw-host';

const socatMissing = spawnSync('socat', ['-V']).error !== undefined;
const skip = socatMissing ? 'socat is not installed (apt-get install socat)' : false;

function openTty(file: string): tty.ReadStream {
  return new tty.ReadStream(fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_NOCTTY));
}

describe('pty transport', () => {
  it('lets another program talk to the device through the pty path', { skip }, async () => {
    const emu = new ShtrihEmulator();
    const pty = await emu.openPty();
    const host = new RawHost(openTty(pty.path));

    const status = await host.command(cmd(0x10, pwd(CASHIER)));
    await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('Через pty', 40)));

    assert.match(pty.path, /^\/dev\/pts\/\d+$/);
    assert.equal(status[0], 0x10);
    assert.equal(status[1], 0);
    assert.equal(emu.tape.ofKind('text')[0].text, 'Через pty');
    host.close();
    await emu.close();
  });

  it('can publish the pty under a stable symlink', { skip }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-pty-'));
    const link = path.join(dir, 'ttyShtrih');
    const emu = new ShtrihEmulator();
    const pty = await emu.openPty({ link });
    const host = new RawHost(openTty(link));

    const answer = await host.command([0xfc]);

    assert.equal(pty.path, link);
    assert.equal(answer[1], 0);
    host.close();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says clearly when socat is missing', async () => {
    const emu = new ShtrihEmulator();

    await assert.rejects(emu.openPty({ socat: '/nonexistent/socat' }), {
      code: 'EMULATOR_SOCAT_MISSING',
    });
    await emu.close();
  });
});
