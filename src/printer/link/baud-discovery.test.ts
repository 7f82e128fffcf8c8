import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../core/clock';
import { ScriptedDevice } from '../testing/scripted-device';
import { StreamTransport } from '../transport/stream-transport';
import { discoverBaudRate, DISCOVERY_ORDER } from './baud-discovery';
import { HostLink } from './host-link';

/** A serial-like transport whose device only hears the host at `deviceBaud`. */
function setup(deviceBaud: number) {
  const clock = new VirtualClock();
  const dev = new ScriptedDevice({ clock, replyDelayMs: 50 });
  const tried: number[] = [];
  const transport = new StreamTransport(dev.hostEnd, {
    kind: 'serial',
    target: '/dev/ttyTEST',
    setBaudRate: async (baud) => {
      tried.push(baud);
      dev.silent = baud !== deviceBaud;
    },
  });
  const link = new HostLink(transport, { clock });
  return { clock, link, tried };
}

test('tries the factory defaults first, then the rest; stops at the answering rate', async () => {
  const { clock, link, tried } = setup(19200);
  const stop = clock.autoAdvance();

  const baud = await discoverBaudRate(link);
  stop();

  assert.equal(baud, 19200);
  assert.deepEqual(tried, [115200, 4800, 9600, 19200]);
});

test('gives PRINTER_NO_ANSWER naming every rate tried when none answers', async () => {
  const { clock, link, tried } = setup(12345);
  const stop = clock.autoAdvance();

  await assert.rejects(discoverBaudRate(link, { attemptsPerRate: 1 }), {
    code: 'PRINTER_NO_ANSWER',
  });
  stop();

  assert.deepEqual(tried, [...DISCOVERY_ORDER]);
});

test('refuses a transport that cannot change speed (TCP, streams)', async () => {
  const clock = new VirtualClock();
  const dev = new ScriptedDevice({ clock });
  const link = new HostLink(new StreamTransport(dev.hostEnd), { clock });

  await assert.rejects(discoverBaudRate(link), { code: 'PRINTER_BAD_ARGUMENT' });
});
