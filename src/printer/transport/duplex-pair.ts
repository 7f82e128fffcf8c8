/**
 * Two connected Duplex streams: what one side writes, the other reads. Node 20 has no
 * stream.duplexPair (it came in 22.6), and tests and in-process links need one.
 */
import { Duplex } from 'node:stream';

export function createDuplexPair(): [Duplex, Duplex] {
  let left: Duplex;
  let right: Duplex;
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {
        // Data is pushed by the peer's write; nothing to pull.
      },
      write(chunk: Buffer, _encoding, callback) {
        peer().push(Buffer.from(chunk));
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
      destroy(error, callback) {
        const other = peer();
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  left = make(() => right);
  right = make(() => left);
  return [left, right];
}
