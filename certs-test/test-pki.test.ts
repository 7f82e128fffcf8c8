import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import tls from 'node:tls';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import forge from 'node-forge';
import {
  buildCertificate,
  buildModernPfx,
  newRsaKeyPair,
  SERIAL_BYTES,
  serialFromRandomBytes,
  type KeyPair,
} from './test-pki';

/** The content octets of the DER INTEGER forge writes for a hex serial (as in a certificate). */
function derIntegerContent(serialHex: string): Buffer {
  const node = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.INTEGER,
    false,
    forge.util.hexToBytes(serialHex),
  );
  const der = Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
  assert.equal(der[1], der.length - 2, 'short-form length');
  return der.subarray(2);
}

/** Random bytes that, with only the top bit cleared, made a serial OpenSSL refuses. */
const ONCE_REFUSED = [
  Buffer.from('000005123456789abcdef0123456789a', 'hex'),
  Buffer.from('80007fffffffffffffffffffffffffff', 'hex'),
  Buffer.from('00000000000000000000000000000000', 'hex'),
];

describe('serialFromRandomBytes', () => {
  it('always gives a positive, minimally encoded 16-octet DER INTEGER', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: SERIAL_BYTES, maxLength: SERIAL_BYTES }), (bytes) => {
        const serial = serialFromRandomBytes(bytes);
        const content = derIntegerContent(serial);
        assert.equal(content.length, SERIAL_BYTES, `serial ${serial}`);
        assert.ok(content[0]! >= 0x01 && content[0]! <= 0x7f, `first octet of ${serial}`);
        // The randomness is kept: everything after the first octet is the input.
        assert.equal(serial.slice(2), Buffer.from(bytes).toString('hex').slice(2));
      }),
      { examples: ONCE_REFUSED.map((b) => [new Uint8Array(b)]) },
    );
  });

  it('refuses a wrong number of bytes', () => {
    assert.throws(() => serialFromRandomBytes(new Uint8Array(15)), /need 16 bytes, got 15/);
  });
});

describe('buildCertificate', () => {
  let key: KeyPair;
  before(async () => {
    key = await newRsaKeyPair();
  });
  const build = (serialNumber: string) =>
    buildCertificate({
      role: 'client',
      commonName: '100200300',
      notBefore: new Date(Date.UTC(2026, 0, 1)),
      notAfter: new Date(Date.UTC(2027, 0, 1)),
      publicKey: key.publicKey,
      selfKey: key.privateKey,
      serialNumber,
    });

  it('makes certificates OpenSSL reads, in PEM and in a pfx, from once-refused bytes', () => {
    for (const bytes of ONCE_REFUSED) {
      const serial = serialFromRandomBytes(bytes);
      const cert = build(serial);

      const x509 = new crypto.X509Certificate(forge.pki.certificateToPem(cert));
      assert.equal(x509.serialNumber, serial.toUpperCase());
      const pfx = buildModernPfx({
        key: key.privateKey,
        chain: [cert],
        password: 'p',
        friendlyName: 'x',
      });
      assert.doesNotThrow(() => tls.createSecureContext({ pfx, passphrase: 'p' }));
    }
  });

  it('fails at once, naming the certificate, when OpenSSL refuses what forge built', () => {
    // 00 00 05: forge drops one leading zero and leaves a padded INTEGER.
    assert.throws(() => build('000005'), /100200300.*OpenSSL refuses.*illegal padding/);
  });
});
