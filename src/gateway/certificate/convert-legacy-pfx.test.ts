import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TEST_POINT } from '../../../certs-test/make-certs';
import { CERT_ERROR } from './certificate-error';
import { convertLegacyPfx } from './convert-legacy-pfx';
import { loadPointCertificate } from './load-point-certificate';
import { decryptPkcs12 } from './pkcs12/read-pkcs12';
import { certificateRefusal, useTestCertificates } from './testing';

const fixture = useTestCertificates('wmqr-convert-');

/** A private copy of one of the generated folders' pfx, so tests may change it. */
function copyOf(folder: string): { folder: string; file: string; original: Buffer } {
  const target = fs.mkdtempSync(path.join(fixture.scratch, 'case-'));
  const file = path.join(target, `${TEST_POINT}.pfx`);
  fs.copyFileSync(path.join(folder, `${TEST_POINT}.pfx`), file);
  return { folder: target, file, original: fs.readFileSync(file) };
}

describe('convertLegacyPfx', () => {
  it(
    're-wraps a legacy RC2 pfx in place so the loader accepts it, ' + 'keeping the original',
    async () => {
      const { folder, file, original } = copyOf(fixture.certs.bad.legacyRc2);

      const result = await convertLegacyPfx({ file, password: fixture.certs.password });

      assert.equal(result.converted, true);
      assert.ok(result.converted && result.originalKeptAs);
      assert.equal(result.originalKeptAs, `${file}.legacy`);
      assert.deepEqual(fs.readFileSync(`${file}.legacy`), original);
      assert.ok(result.before.some((a) => a.legacy && /RC2/.test(a.name)));
      assert.ok(result.after.every((a) => !a.legacy));
      const loaded = await loadPointCertificate({
        folder,
        posNumber: TEST_POINT,
        password: fixture.certs.password,
      });
      assert.equal(loaded.subjectCN, TEST_POINT);
      assert.equal(loaded.file, file);
    },
  );

  it("keeps the same key and certificates, the key's own certificate first", async () => {
    const { file, original } = copyOf(fixture.certs.bad.legacyRc2);
    const before = decryptPkcs12(original, fixture.certs.password);

    await convertLegacyPfx({ file, password: fixture.certs.password });

    const after = decryptPkcs12(fs.readFileSync(file), fixture.certs.password);
    assert.deepEqual(
      after.keys.map((k) => k.pkcs8Der),
      before.keys.map((k) => k.pkcs8Der),
    );
    assert.deepEqual(
      after.certificates.map((c) => c.der),
      before.certificates.map((c) => c.der),
    );
    assert.equal(after.certificates[0]?.friendlyName, TEST_POINT);
  });

  it('does not overwrite an earlier backup', async () => {
    const { file } = copyOf(fixture.certs.bad.legacyRc2);
    fs.writeFileSync(`${file}.legacy`, 'an older backup');

    const result = await convertLegacyPfx({ file, password: fixture.certs.password });

    assert.ok(result.converted);
    assert.equal(result.originalKeptAs, `${file}.legacy-2`);
    assert.equal(fs.readFileSync(`${file}.legacy`, 'utf8'), 'an older backup');
  });

  it('writes to outFile and leaves the original untouched when asked', async () => {
    const { file, original } = copyOf(fixture.certs.bad.legacyRc2);
    const outDir = fs.mkdtempSync(path.join(fixture.scratch, 'out-'));
    const outFile = path.join(outDir, `${TEST_POINT}.pfx`);

    const result = await convertLegacyPfx({ file, password: fixture.certs.password, outFile });

    assert.equal(result.file, outFile);
    assert.deepEqual(fs.readFileSync(file), original);
    const loaded = await loadPointCertificate({
      folder: outDir,
      posNumber: TEST_POINT,
      password: fixture.certs.password,
    });
    assert.equal(loaded.file, outFile);
  });

  it('refuses to overwrite an existing outFile', async () => {
    const { file } = copyOf(fixture.certs.bad.legacyRc2);
    const outFile = path.join(fixture.scratch, 'taken.pfx');
    fs.writeFileSync(outFile, 'taken');

    const error = await certificateRefusal(
      convertLegacyPfx({ file, password: fixture.certs.password, outFile }),
    );

    assert.equal(error.code, CERT_ERROR.CONVERT_TARGET_EXISTS);
    assert.equal(fs.readFileSync(outFile, 'utf8'), 'taken');
  });

  it('leaves a file OpenSSL already accepts alone', async () => {
    const { file, original } = copyOf(fixture.certs.pointFolder);

    const result = await convertLegacyPfx({ file, password: fixture.certs.password });

    assert.equal(result.converted, false);
    assert.deepEqual(fs.readFileSync(file), original);
    assert.equal(fs.existsSync(`${file}.legacy`), false);
  });

  it('refuses a wrong password without touching anything', async () => {
    const { folder, file, original } = copyOf(fixture.certs.bad.legacyRc2);

    const error = await certificateRefusal(
      convertLegacyPfx({ file, password: 'wrong-secret-xyz' }),
    );

    assert.equal(error.code, CERT_ERROR.BAD_PASSWORD);
    assert.ok(!error.message.includes('wrong-secret-xyz'));
    assert.deepEqual(fs.readFileSync(file), original);
    assert.deepEqual(fs.readdirSync(folder), [`${TEST_POINT}.pfx`]);
  });

  it('says CERT_NOT_FOUND for a missing file and CERT_NO_KEY for a pfx without a key', async () => {
    const missing = await certificateRefusal(
      convertLegacyPfx({ file: path.join(fixture.scratch, 'missing.pfx'), password: 'x' }),
    );
    const { file } = copyOf(fixture.certs.bad.noKey);
    const noKey = await certificateRefusal(
      convertLegacyPfx({ file, password: fixture.certs.password }),
    );

    assert.equal(missing.code, CERT_ERROR.NOT_FOUND);
    assert.equal(noKey.code, CERT_ERROR.NO_KEY);
  });
});
