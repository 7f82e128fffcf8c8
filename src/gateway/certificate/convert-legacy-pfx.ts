/**
 * `wmqr cert convert`: re-wraps a pfx that OpenSSL 3 refuses (RC2 encryption, as Windows and
 * OpenSSL 1.x exported for years) with AES-256: same password, the point's key (RSA or EC)
 * and every certificate byte for byte, the key's own certificate first.
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
import { CERT_ERROR, CertificateError } from './certificate-error';
import { commonName } from './distinguished-name';
import { readPfxAlgorithms } from './inspect-point-certificate';
import { isPkcs12Error } from './pkcs12/pkcs12-error';
import {
  decryptPkcs12,
  readPkcs12Algorithms,
  type AlgorithmUse,
  type Pkcs12Contents,
} from './pkcs12/read-pkcs12';
import { writePkcs12, type Pkcs12Input } from './pkcs12/write-pkcs12';
import { probeTlsAcceptance } from './tls-acceptance';

export interface ConvertOptions {
  /** The pfx to convert. */
  file: string;
  password: string;
  /** Write the converted pfx here instead of replacing `file`; must not exist yet. */
  outFile?: string;
  /**
   * The POS number: picks the point's own key and certificate when the file holds several
   * identities. Default: the file name without `.pfx`.
   */
  posNumber?: string;
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
      /** The subject CN of the certificate whose key was kept. */
      subjectCN: string;
      /** Private keys left out: other identities' keys, or keys with no certificate. */
      droppedKeys: number;
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
  const before = readPfxAlgorithms(pfx, file);

  const verdict = probeTlsAcceptance(pfx, options.password);
  if (!verdict.accepted && verdict.reason === 'bad-password')
    throw badPassword(file, verdict.error);
  if (verdict.accepted && !before.some((a) => a.legacy)) {
    return { converted: false, file, reason: 'already-accepted', before };
  }

  const contents = open(pfx, options.password, file, before);
  const posNumber = options.posNumber ?? path.basename(file).replace(/\.pfx$/i, '');
  const identity = pickIdentity(contents, posNumber, file);
  const rewrapped = writePkcs12(identity.input, options.password);
  assertSameContents(rewrapped, identity.input, options.password, file);
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
  const kept = { subjectCN: identity.subjectCN, droppedKeys: identity.droppedKeys };

  if (options.outFile) {
    const outFile = path.resolve(options.outFile);
    writeNew(outFile, rewrapped, fileMode(file));
    return { converted: true, file: outFile, before, after, ...kept };
  }
  // Keep the original first, then swap the converted file in: at every moment `file` is a
  // whole pfx, and the original exists somewhere.
  const originalKeptAs = freeBackupName(file);
  fs.copyFileSync(file, originalKeptAs, fs.constants.COPYFILE_EXCL);
  replaceAtomically(file, rewrapped, fileMode(file));
  return { converted: true, file, originalKeptAs, before, after, ...kept };
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
    if (isPkcs12Error(error, 'wrong-password')) throw badPassword(file, error);
    const names = before.map((a) => a.name).join(', ') || 'no encryption';
    const why = error instanceof Error ? error.message : String(error);
    if (isPkcs12Error(error, 'unsupported')) throw unsupported(file, `${why} (${names})`, error);
    throw new CertificateError(
      CERT_ERROR.UNREADABLE,
      `cannot open ${file} to convert it (${names}): ${why}. Export the certificate with ` +
        `its private key as .pfx again`,
      { cause: error, details: { file } },
    );
  }
}

interface Identity {
  input: Pkcs12Input;
  subjectCN: string;
  droppedKeys: number;
}

/**
 * The point's key and its certificate first, then every other certificate in file order.
 * OpenSSL only ever uses one key of a pfx (the first), so the one kept is the key whose
 * certificate is the point's: the only key that has a certificate, or else the one whose
 * certificate is issued to the POS number.
 */
function pickIdentity(contents: Pkcs12Contents, posNumber: string, file: string): Identity {
  if (contents.keys.length === 0) {
    throw new CertificateError(
      CERT_ERROR.NO_KEY,
      `${file} holds no private key, so there is nothing to re-wrap: export the certificate ` +
        `again WITH its private key`,
      { details: { file } },
    );
  }
  const x509 = contents.certificates.map((c) => new crypto.X509Certificate(c.der));
  const pairs = contents.keys.flatMap((key) => {
    const index = x509.findIndex((x) => x.checkPrivateKey(key.key));
    return index < 0 ? [] : [{ key, index, cn: commonName(x509[index]!.subject) }];
  });
  const forPoint = pairs.length > 1 ? pairs.filter((p) => p.cn === posNumber) : pairs;
  const [chosen, ...others] = forPoint;
  if (!chosen) {
    const why =
      pairs.length === 0
        ? 'none of its private keys belongs to any of its certificates'
        : `it holds ${pairs.length} certificates with their keys (` +
          `${pairs.map((p) => `CN=${p.cn}`).join(', ')}) and none is issued to POS ${posNumber}`;
    throw new CertificateError(
      pairs.length === 0 ? CERT_ERROR.KEY_MISMATCH : CERT_ERROR.CN_MISMATCH,
      `cannot convert ${file}: ${why}. Export the point certificate and its own key together`,
      { details: { file, posNumber } },
    );
  }
  if (others.length > 0) {
    throw unsupported(file, `it holds ${forPoint.length} keys with certificates for ${posNumber}`);
  }

  const leaf = contents.certificates[chosen.index]!;
  const localKeyId =
    chosen.key.localKeyId ?? crypto.createHash('sha1').update(leaf.der).digest('hex');
  const friendlyName = leaf.friendlyName ?? chosen.key.friendlyName;
  const label = { localKeyId, ...(friendlyName !== undefined ? { friendlyName } : {}) };
  return {
    input: {
      keys: [{ pkcs8Der: chosen.key.pkcs8Der, ...label }],
      certificates: [
        { der: leaf.der, ...label },
        ...contents.certificates
          .filter((_, index) => index !== chosen.index)
          .map(({ der, friendlyName: name }) => ({
            der,
            ...(name !== undefined ? { friendlyName: name } : {}),
          })),
      ],
    },
    subjectCN: chosen.cn,
    droppedKeys: contents.keys.length - 1,
  };
}

/** Reads the new file back: the same certificates, byte for byte, and the same key. */
function assertSameContents(pfx: Buffer, input: Pkcs12Input, password: string, file: string) {
  const back = decryptPkcs12(pfx, password);
  const same =
    back.certificates.length === input.certificates.length &&
    back.certificates.every((c, i) => c.der.equals(input.certificates[i]!.der)) &&
    back.keys.length === 1 &&
    back.keys[0]!.pkcs8Der.equals(input.keys[0]!.pkcs8Der);
  if (!same) {
    throw new CertificateError(
      CERT_ERROR.CONVERT_UNSUPPORTED,
      `the converted copy of ${file} does not read back the same; the original was not changed`,
      { details: { file } },
    );
  }
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
