/**
 * TEST-ONLY pfx files made by the `openssl` command: a second, independent PKCS#12 writer, so
 * the project's own reader and writer are checked against what real tools produce (OpenSSL 3
 * defaults, its `-legacy` RC2 layout, no MAC, no encryption, EC keys, non-ASCII passwords).
 *
 * Needs the openssl command (Debian package `openssl`, installed by .ci/run when missing).
 * The password reaches openssl through an environment variable, never its argument list.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type TestKeyType = 'rsa' | 'ec';

export interface OpensslIdentity {
  keyType: TestKeyType;
  /** PKCS#8 PEM, unencrypted (test-only). */
  keyFile: string;
  /** PEM. */
  certificateFile: string;
  key: crypto.KeyObject;
  certificate: crypto.X509Certificate;
}

/** A fresh key (made by Node) and a self-signed certificate for `commonName` (by openssl). */
export function makeOpensslIdentity(
  dir: string,
  name: string,
  options: { keyType?: TestKeyType; commonName: string; days?: number },
): OpensslIdentity {
  const keyType = options.keyType ?? 'rsa';
  const key =
    keyType === 'rsa'
      ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      : crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const keyFile = path.join(dir, `${name}.key.pem`);
  const certificateFile = path.join(dir, `${name}.crt.pem`);
  fs.writeFileSync(keyFile, key.export({ type: 'pkcs8', format: 'pem' }));

  const subject = `/CN=${options.commonName}/O=webmoney-qr-pos TEST ONLY`;
  runOpenssl(
    ['req', '-x509', '-new', '-utf8', '-key', keyFile, '-subj', subject],
    ['-days', String(options.days ?? 30), '-out', certificateFile],
  );
  const certificate = new crypto.X509Certificate(fs.readFileSync(certificateFile));
  return { keyType, keyFile, certificateFile, key, certificate };
}

export interface OpensslPfxOptions {
  password: string;
  /** Extra certificates (PEM files) after the identity's own, e.g. an issuing CA. */
  extraCertificateFiles?: string[];
  /** More `openssl pkcs12 -export` arguments: '-legacy', '-nomac', '-keypbe', 'NONE'... */
  args?: string[];
  friendlyName?: string;
}

/** `openssl pkcs12 -export` of the identity into `<dir>/<name>.pfx`; returns the file. */
export function exportOpensslPfx(
  identity: OpensslIdentity,
  dir: string,
  name: string,
  options: OpensslPfxOptions,
): string {
  const file = path.join(dir, `${name}.pfx`);
  const extra = (options.extraCertificateFiles ?? []).flatMap((f) => ['-certfile', f]);
  runOpenssl(
    ['pkcs12', '-export', '-inkey', identity.keyFile, '-in', identity.certificateFile],
    [
      ...extra,
      ...(options.friendlyName ? ['-name', options.friendlyName] : []),
      ...(options.args ?? []),
      '-passout',
      'env:WMQR_TEST_PFX_PASSWORD',
      '-out',
      file,
    ],
    { WMQR_TEST_PFX_PASSWORD: options.password },
  );
  return file;
}

/** What `openssl pkcs12 -info` says of a pfx (nothing printed = it opened); for writer tests. */
export function opensslReadsPfx(file: string, password: string, args: string[] = []): string {
  return runOpenssl(
    ['pkcs12', '-in', file, '-info', '-nokeys', '-passin', 'env:WMQR_TEST_PFX_PASSWORD'],
    args,
    { WMQR_TEST_PFX_PASSWORD: password },
  );
}

/** The private key openssl takes out of a pfx (`-nocerts -nodes`); for writer tests. */
export function opensslExtractKey(file: string, password: string): crypto.KeyObject {
  const pem = runOpenssl(
    ['pkcs12', '-in', file, '-nocerts', '-nodes', '-passin', 'env:WMQR_TEST_PFX_PASSWORD'],
    [],
    { WMQR_TEST_PFX_PASSWORD: password },
    { stdoutOnly: true },
  );
  return crypto.createPrivateKey(pem);
}

function runOpenssl(
  command: string[],
  rest: string[],
  env: Record<string, string> = {},
  options: { stdoutOnly?: boolean } = {},
) {
  const result = spawnSync('openssl', [...command, ...rest], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.error) {
    throw new Error(
      `cannot run openssl (${result.error.message}): install the Debian package "openssl"`,
    );
  }
  if (result.status !== 0) {
    throw new Error(`openssl ${command.slice(0, 2).join(' ')} failed: ${result.stderr.trim()}`);
  }
  return options.stdoutOnly ? result.stdout : `${result.stdout}${result.stderr}`;
}
