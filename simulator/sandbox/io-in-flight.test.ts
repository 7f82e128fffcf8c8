import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IoInFlight } from './io-in-flight';

/** A server that holds each request until told, or drops its connection. */
async function heldServer() {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/drop') req.socket.destroy();
    else held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    held,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function get(url: string): Promise<number | Error> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', (error) => resolve(error));
  });
}

test('an HTTP request counts as in flight from its start until it closes', async (t) => {
  const server = await heldServer();
  t.after(() => server.close());
  const io = new IoInFlight();
  const stop = io.trackHttpRequests();
  t.after(stop);

  const answer = get(`${server.url}/slow`);
  while (server.held.length === 0) await new Promise((r) => setTimeout(r, 1));
  const during = io.inFlight;
  server.held[0].end('ok');
  const status = await answer;
  for (let i = 0; i < 1000 && io.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 1));

  assert.equal(status, 200);
  assert.deepEqual([during, io.inFlight], [1, 0]);
});

test('a request whose connection is dropped stops counting too', async (t) => {
  const server = await heldServer();
  t.after(() => server.close());
  const io = new IoInFlight();
  t.after(io.trackHttpRequests());

  const outcome = await get(`${server.url}/drop`);
  // 'close' follows 'error' once the socket is torn down: wait for it, within reason.
  for (let i = 0; i < 1000 && io.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 1));

  assert.ok(outcome instanceof Error);
  assert.equal(io.inFlight, 0);
});

test('requests made after stopping are not counted', async (t) => {
  const server = await heldServer();
  t.after(() => server.close());
  const io = new IoInFlight();
  io.trackHttpRequests()();

  const answer = get(`${server.url}/slow`);
  while (server.held.length === 0) await new Promise((r) => setTimeout(r, 1));
  const during = io.inFlight;
  server.held[0].end('ok');
  await answer;

  assert.equal(during, 0);
});
