import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { encodeFrame } from '../../../src/printer/protocol/frame-codec';
import { LINK } from '../../../src/printer/protocol/link-bytes';
import { ShtrihEmulator } from '../emulator';
import { CASHIER, cmd, pwd, RawHost } from '../test-support/raw-host';

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect'); // rejects on 'error'
  return socket;
}

describe('TCP transport', () => {
  it('serves the link over TCP and sends one 0xFF after the host ACKs an answer', async () => {
    const emu = new ShtrihEmulator();
    const server = await emu.listenTcp({ port: 0 });
    const host = new RawHost(await connect(server.port));

    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(cmd(0x10, pwd(CASHIER)))));
    await host.expectControl(LINK.ACK);
    const answer = await host.expectFrame();
    host.write([LINK.ACK]);
    const trailer = await host.next();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);

    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0);
    assert.equal(answer[0], 0x10);
    assert.deepEqual(trailer, { kind: 'garbage', bytes: Buffer.from([LINK.TCP_TRAILER]) });
    host.close();
    await emu.close();
  });

  it('reports port 128 (TCP socket) in the full status', async () => {
    const emu = new ShtrihEmulator();
    const server = await emu.listenTcp();
    const host = new RawHost(await connect(server.port), { tcp: true });

    const answer = await host.command(cmd(0x11, pwd(CASHIER)));

    assert.equal(answer[17], 128);
    host.close();
    await server.close();
    await emu.close();
  });

  it('gives each connection its own link and closes them all with the emulator', async () => {
    const emu = new ShtrihEmulator();
    const server = await emu.listenTcp();
    const a = new RawHost(await connect(server.port), { tcp: true });
    const b = new RawHost(await connect(server.port), { tcp: true });
    await a.command(cmd(0x10, pwd(CASHIER)));
    await b.command(cmd(0x10, pwd(CASHIER)));

    await emu.close();

    await Promise.all([a.next().catch(() => 'closed'), b.next().catch(() => 'closed')]);
    assert.ok(a.ended && b.ended);
    assert.equal(emu.linkCount, 0);
  });
});
