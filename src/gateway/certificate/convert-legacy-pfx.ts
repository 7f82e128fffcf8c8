/**
 * `wmqr cert convert`: re-wraps a pfx that OpenSSL 3 refuses (RC2/RC4/DES encryption, as
 * Windows and OpenSSL 1.x exported for years) with AES-256, same password, same key and
 * certificates.
 *
 * Where the files end up (so the loader finds the converted one with no setting changed):
 * - by default the converted file REPLACES `<file>` (atomically: temp file + rename) and
 *   the untouched original is kept beside it as `<file>.legacy` (or `.legacy-2`, `-3`... if
 *   that name is taken);
 * - with `outFile`, the converted file is written there and `<file>` is left alone.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { CERT_ERROR, CertificateError } from './certificate-error';
import {
  decryptPkcs12,
  isUnsupportedAlgorithmError,
  isWrongPasswordError,
  readPkcs12Algorithms,
  type AlgorithmUse,
  type Pkcs12Contents,
} from './pkcs12-contents';
import { probeTlsAcceptance } from './tls-acceptance';

export interface ConvertOptions {
  /** The pfx to convert. */
  file: string;
  password: string;
  /** Write the converted pfx here instead of replacing `file`; must not exist yet. */
  outFile?: string;
}

export type ConvertResult =
  | {
      converted: true;
      /** Where the converted (AES-256) pfx is now. */
      file: string;
      /** Where the original is kept (in-place conversion only). */
      originalKeptAs?: string;
      before: AlgorithmUse[];
      after: AlgorithmUse[];
    }
  | {
      converted: false;
      file: string;
      /** Why nothing was done. */
      reason: 'already-accepted';
      before: AlgorithmUse[];
    };

export async function convertLegacyPfx(options: ConvertOptions): Promise<ConvertResult> {
  const file = path.resolve(options.file);
  const pfx = readSource(file);
  const before = algorithmsOf(pfx, file);

  const verdict = probeTlsAcceptance(pfx, options.password);
  if (!verdict.accepted && verdict.reason === 'bad-password')
    throw badPassword(file, verdict.error);
  if (verdict.accepted && !before.some((a) => a.legacy)) {
    return { converted: false, file, reason: 'already-accepted', before };
  }

  const contents = open(pfx, options.password, file, before);
  const rewrapped = rewrap(contents, options.password, file);
  const check = probeTlsAcceptance(rewrapped, options.password);
  if (!check.accepted) {
    throw new CertificateError(
      CERT_ERROR.CONVERT_UNSUPPORTED,
      `the converted copy of ${file} is still refused by OpenSSL (${check.opensslMessage}); ` +
        `the original was not changed`,
      { cause: check.error, details: { file } },
    );
  }
  const after = readPkcs12Algorithms(rewrapped);

  if (options.outFile) {
    const outFile = path.resolve(options.outFile);
    writeNew(outFile, rewrapped, fileMode(file));
    return { converted: true, file: outFile, before, after };
  }
  // Keep the original first, then swap the converted file in: at every moment `file` is a
  // whole pfx, and the original exists somewhere.
  const originalKeptAs = freeBackupName(file);
  fs.copyFileSync(file, originalKeptAs, fs.constants.COPYFILE_EXCL);
  replaceAtomically(file, rewrapped, fileMode(file));
  return { converted: true, file, originalKeptAs, before, after };
}

function readSource(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CertificateError(CERT_ERROR.NOT_FOUND, `no file to convert at ${file}`, {
        cause: error,
        details: { file },
      });
    }
    throw new CertificateError(CERT_ERROR.UNREADABLE, `cannot read ${file} (${code})`, {
      cause: error,
      details: { file },
    });
  }
}

function algorithmsOf(pfx: Buffer, file: string): AlgorithmUse[] {
  try {
    return readPkcs12Algorithms(pfx);
  } catch (error) {
    throw new CertificateError(CERT_ERROR.UNREADABLE, `${file} is not a PKCS#12 (.pfx) file`, {
      cause: error,
      details: { file },
    });
  }
}

function badPassword(file: string, cause: unknown) {
  return new CertificateError(
    CERT_ERROR.BAD_PASSWORD,
    `the certificate password does not open ${file}; nothing was converted`,
    { cause, details: { file } },
  );
}

function open(pfx: Buffer, password: string, file: string, before: AlgorithmUse[]) {
  try {
    return decryptPkcs12(pfx, password);
  } catch (error) {
    if (isWrongPasswordError(error)) throw badPassword(file, error);
    const names = before.map((a) => a.name).join(', ');
    throw new CertificateError(
      isUnsupportedAlgorithmError(error) ? CERT_ERROR.CONVERT_UNSUPPORTED : CERT_ERROR.UNREADABLE,
      `cannot open ${file} to convert it (${names}): ` +
        `${error instanceof Error ? error.message : String(error)}. See docs/certificates.md ` +
        `for converting it with the openssl tool instead`,
      { cause: error, details: { file } },
    );
  }
}

/** The same key and certificates (the key's own certificate first) in an AES-256 pfx. */
function rewrap(contents: Pkcs12Contents, password: string, file: string): Buffer {
  const [entry, ...extraKeys] = contents.keys;
  if (!entry) {
    throw new CertificateError(
      CERT_ERROR.NO_KEY,
      `${file} holds no private key, so there is nothing to re-wrap: export the certificate ` +
        `again WITH its private key`,
      { details: { file } },
    );
  }
  if (extraKeys.length > 0) {
    // TODO(#3): a pfx with several keys is rare for a point certificate; not handled.
    throw unsupported(file, `it holds ${contents.keys.length} private keys`);
  }

  let key: forge.pki.rsa.PrivateKey;
  let certificates: { cert: forge.pki.Certificate; matches: boolean; name?: string }[];
  try {
    key = forge.pki.privateKeyFromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(entry.pkcs8Der.toString('binary'))),
    ) as forge.pki.rsa.PrivateKey;
    // TODO(#3): forge re-encodes each certificate; byte-exact for strict DER, but one that is
    // not (e.g. a padded serial, which OpenSSL refuses anyway) would come out altered, and
    // the TLS probe below does not check signatures. Keeping the original bytes would fix it.
    certificates = contents.certificates.map((c) => ({
      cert: forge.pki.certificateFromAsn1(
        forge.asn1.fromDer(forge.util.createBuffer(c.der.toString('binary'))),
      ),
      matches: new crypto.X509Certificate(c.der).checkPrivateKey(entry.key),
      name: c.friendlyName,
    }));
  } catch (error) {
    // TODO(#3): forge only writes RSA keys; an EC point certificate would need another writer.
    throw unsupported(file, 'its key is not an RSA key', error);
  }
  const ordered = [
    ...certificates.filter((c) => c.matches),
    ...certificates.filter((c) => !c.matches),
  ];

  const asn1 = forge.pkcs12.toPkcs12Asn1(
    key,
    ordered.map((c) => c.cert),
    password,
    {
      algorithm: 'aes256',
      generateLocalKeyId: true,
      ...(ordered[0]?.name ? { friendlyName: ordered[0].name } : {}),
      // Passed through to the key encryption: PBKDF2 with HMAC-SHA256 (forge's types lack it).
      ...({ prfAlgorithm: 'sha256' } as object),
    },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function unsupported(file: string, why: string, cause?: unknown) {
  return new CertificateError(
    CERT_ERROR.CONVERT_UNSUPPORTED,
    `cannot convert ${file}: ${why}. See docs/certificates.md for converting it with the ` +
      `openssl tool instead`,
    { cause, details: { file } },
  );
}

function fileMode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

function freeBackupName(file: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${file}.legacy` : `${file}.legacy-${n}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}

function writeNew(outFile: string, data: Buffer, mode: number): void {
  try {
    fs.writeFileSync(outFile, data, { flag: 'wx', mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CertificateError(
        CERT_ERROR.CONVERT_TARGET_EXISTS,
        `${outFile} already exists: choose another output file or remove it first`,
        { cause: error, details: { file: outFile } },
      );
    }
    throw error;
  }
}

function replaceAtomically(file: string, data: Buffer, mode: number): void {
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, data, { flag: 'wx', mode });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
