/**
 * Reads `<folder>/<POS number>.pfx` and reports everything a person needs to judge it:
 * subject, issuer, validity, whether the key, password and POS number match, and whether
 * this Node's OpenSSL accepts its encryption. Problems that still leave the certificate
 * readable (expired, wrong CN, legacy encryption...) are collected in `problems`; those
 * that leave nothing to show (no file, wrong password, not a pfx) are thrown.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CERT_ERROR, CertificateError } from './certificate-error';
import { commonName, oneLine } from './distinguished-name';
import { isPkcs12Error } from './pkcs12/pkcs12-error';
import { decryptPkcs12, readPkcs12Algorithms, type AlgorithmUse } from './pkcs12/read-pkcs12';
import { probeTlsAcceptance, readTlsLeafCertificate, type TlsVerdict } from './tls-acceptance';

/** `wmqr cert check` warns this many days before the end of validity. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface PointCertificateLocation {
  /** The certificate folder from the settings. */
  folder: string;
  /** The POS number issued by WebMoney; the file is `<posNumber>.pfx`. */
  posNumber: string;
  password: string;
  /** Milliseconds since the epoch, for validity. Default Date.now(). */
  now?: number;
}

export interface CertificateInspection {
  file: string;
  posNumber: string;
  subject: string;
  subjectCN: string;
  issuer: string;
  issuerCN: string;
  serialNumber: string;
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  /** Valid now but ends within EXPIRY_WARNING_DAYS. */
  expiresSoon: boolean;
  /** The password opened the file (always true here: a wrong one throws). */
  passwordMatches: true;
  hasPrivateKey: boolean;
  keyMatchesCertificate: boolean;
  cnMatchesPosNumber: boolean;
  /** The encryption algorithms protecting the file's parts. */
  encryption: AlgorithmUse[];
  /** This Node's OpenSSL accepts the file as a TLS client identity. */
  acceptedByTls: boolean;
  /**
   * Only OpenSSL could open the file (a layout the project's reader lacks): the facts are
   * those of the certificate OpenSSL will present, whose key it checked; the chain is unknown.
   */
  readThroughTls: boolean;
  /** Other certificates in the file (the issuing chain). */
  chain: { subject: string; issuer: string }[];
  /** Every reason the certificate cannot be used, most fundamental first; empty = usable. */
  problems: CertificateError[];
}

export function pointCertificateFile(folder: string, posNumber: string): string {
  return path.resolve(folder, `${posNumber}.pfx`);
}

export async function inspectPointCertificate(
  location: PointCertificateLocation,
): Promise<CertificateInspection> {
  const { file, pfx } = await readPointCertificateFile(location.folder, location.posNumber);
  return inspectPfx(pfx, { ...location, file });
}

/** Finds and reads `<folder>/<posNumber>.pfx`; CERT_NOT_FOUND says where it looked. */
export async function readPointCertificateFile(
  folder: string,
  posNumber: string,
): Promise<{ file: string; pfx: Buffer }> {
  if (!/^[0-9A-Za-z_-]+$/.test(posNumber)) {
    throw new CertificateError(
      CERT_ERROR.NOT_FOUND,
      `POS number "${posNumber}" is not valid: the certificate file is named <POS number>.pfx`,
      { details: { posNumber } },
    );
  }
  const file = pointCertificateFile(folder, posNumber);
  return { file, pfx: await readCertificateFile(file, folder, posNumber) };
}

/** Inspects pfx bytes already read; `file` is only used in messages. */
export function inspectPfx(
  pfx: Buffer,
  options: { file: string; posNumber: string; password: string; now?: number },
): CertificateInspection {
  const { file, posNumber, password } = options;
  const now = options.now ?? Date.now();
  const encryption = readPfxAlgorithms(pfx, file);
  const tls = probeTlsAcceptance(pfx, password);
  if (!tls.accepted && tls.reason === 'bad-password') throw badPassword(file, tls.error);
  const contents = openContents(pfx, { password, file, posNumber }, encryption, tls);

  return describe({ file, posNumber, now, encryption, tls, contents });
}

async function readCertificateFile(file: string, folder: string, posNumber: string) {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notFound(file, folder, posNumber, error);
    throw new CertificateError(
      CERT_ERROR.UNREADABLE,
      `cannot read the point certificate ${file} (${code ?? 'error'}): ` +
        "check the file's permissions",
      { cause: error, details: { file } },
    );
  }
}

function notFound(file: string, folder: string, posNumber: string, cause: unknown) {
  const dir = path.resolve(folder);
  let hint: string;
  if (!fs.existsSync(dir)) {
    hint = `the certificate folder ${dir} does not exist`;
  } else {
    const pfxFiles = fs.readdirSync(dir).filter((name) => /\.pfx$/i.test(name));
    hint =
      pfxFiles.length === 0
        ? `the folder holds no .pfx file`
        : `the folder holds ${pfxFiles.slice(0, 5).join(', ')}` +
          (pfxFiles.length > 5 ? ', ...' : '');
  }
  return new CertificateError(
    CERT_ERROR.NOT_FOUND,
    `point certificate not found: looked for ${file}; the file must be named ` +
      `<POS number>.pfx (here ${posNumber}.pfx) in the certificate folder; ${hint}`,
    { cause, details: { file, folder: dir, expectedName: `${posNumber}.pfx` } },
  );
}

/** The file's encryption algorithms; CERT_UNREADABLE when it is no password-protected pfx. */
export function readPfxAlgorithms(pfx: Buffer, file: string): AlgorithmUse[] {
  try {
    return readPkcs12Algorithms(pfx);
  } catch (error) {
    // A PKCS#12 protected by public-key encryption instead of a password is still PKCS#12.
    const why = isPkcs12Error(error, 'unsupported') ? `${error.message}; ` : '';
    throw new CertificateError(
      CERT_ERROR.UNREADABLE,
      `${file} is not a password-protected PKCS#12 (.pfx) file (${why}export the point ` +
        `certificate with its private key as .pfx, protected by a password)`,
      { cause: error, details: { file } },
    );
  }
}

function badPassword(file: string, cause: unknown) {
  return new CertificateError(
    CERT_ERROR.BAD_PASSWORD,
    `the certificate password does not open ${file}: check the "certificate password" ` +
      `setting (or its environment variable)`,
    { cause, details: { file } },
  );
}

/**
 * `convertible` is false when the project's reader cannot decrypt the file either (RC4,
 * single DES): then only the openssl tool, with its legacy provider, can re-wrap it.
 */
function legacyError(
  where: { file: string; posNumber: string },
  encryption: AlgorithmUse[],
  options: { convertible: boolean; cause?: unknown },
) {
  const { file, posNumber } = where;
  const legacy = encryption.filter((a) => a.legacy);
  const named =
    legacy.length > 0
      ? legacy.map((a) => `${a.name} for the ${a.protects}`).join(', ')
      : 'an algorithm this OpenSSL does not support';
  const remedy = options.convertible
    ? `Re-wrap it with modern encryption (AES-256), keeping the original, with: ` +
      convertCommand(file, posNumber)
    : `Re-wrap it with the openssl tool as docs/certificates.md shows ("Legacy encryption"), ` +
      `or export it again from the certificate store with AES-256 encryption`;
  return new CertificateError(
    CERT_ERROR.LEGACY_ENCRYPTION,
    `${file} is encrypted with ${named}, which OpenSSL 3 (used by Node.js) refuses. ${remedy}`,
    {
      cause: options.cause,
      details: { file, algorithms: legacy.map((a) => a.name), convertible: options.convertible },
    },
  );
}

/** What the file holds: certificates and private keys. */
interface FileContents {
  certificates: crypto.X509Certificate[];
  keys: crypto.KeyObject[];
  /** See CertificateInspection.readThroughTls: `certificates` is the one OpenSSL presents. */
  readThroughTls: boolean;
}

function openContents(
  pfx: Buffer,
  where: { password: string; file: string; posNumber: string },
  encryption: AlgorithmUse[],
  tls: TlsVerdict,
): FileContents {
  const { password, file } = where;
  try {
    const contents = decryptPkcs12(pfx, password);
    return {
      certificates: contents.certificates.map((c) => new crypto.X509Certificate(c.der)),
      keys: contents.keys.map((k) => k.key),
      readThroughTls: false,
    };
  } catch (error) {
    // OpenSSL's word is final for TLS: what it opens is usable, whatever our reader lacks.
    const leaf = tls.accepted ? readTlsLeafCertificate(pfx, password) : undefined;
    if (leaf) return { certificates: [leaf], keys: [], readThroughTls: true };

    if (isPkcs12Error(error, 'wrong-password')) throw badPassword(file, error);
    if (!tls.accepted && tls.reason === 'unsupported-algorithm') {
      throw legacyError(where, encryption, {
        convertible: !isPkcs12Error(error, 'unsupported'),
        cause: error,
      });
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new CertificateError(
      CERT_ERROR.UNREADABLE,
      `${file} could not be opened (${why}` +
        (tls.accepted ? ')' : `; OpenSSL says: ${tls.opensslMessage})`) +
        ': export the point certificate with its private key as .pfx again',
      { cause: error, details: { file } },
    );
  }
}

interface DescribeInput {
  file: string;
  posNumber: string;
  now: number;
  encryption: AlgorithmUse[];
  tls: TlsVerdict;
  contents: FileContents;
}

function describe(input: DescribeInput): CertificateInspection {
  const { file, posNumber, now, encryption, tls, contents } = input;
  const { certificates, keys, readThroughTls } = contents;
  if (certificates.length === 0) {
    throw new CertificateError(
      CERT_ERROR.UNREADABLE,
      `${file} holds no certificate: export the point certificate with its key as .pfx`,
      { details: { file } },
    );
  }

  // The point certificate is the one its private key belongs to; else the first non-CA one.
  // Through TLS, OpenSSL has already paired the one certificate it gives with its key.
  const paired = readThroughTls
    ? certificates[0]
    : certificates.find((x) => keys.some((key) => x.checkPrivateKey(key)));
  const leaf = paired ?? certificates.find((x) => !x.ca) ?? certificates[0]!;
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  const subjectCN = commonName(leaf.subject);
  const issuerCN = commonName(leaf.issuer);
  const daysLeft = Math.floor((notAfter.getTime() - now) / DAY_MS);
  const hasPrivateKey = readThroughTls || keys.length > 0;

  const facts = {
    file,
    posNumber,
    subject: oneLine(leaf.subject),
    subjectCN,
    issuer: oneLine(leaf.issuer),
    issuerCN,
    serialNumber: leaf.serialNumber,
    fingerprintSha256: leaf.fingerprint256,
    notBefore,
    notAfter,
    daysLeft,
    expiresSoon:
      now >= notBefore.getTime() && now <= notAfter.getTime() && daysLeft < EXPIRY_WARNING_DAYS,
    passwordMatches: true as const,
    hasPrivateKey,
    keyMatchesCertificate: paired !== undefined,
    cnMatchesPosNumber: subjectCN === posNumber,
    encryption,
    acceptedByTls: tls.accepted,
    readThroughTls,
    chain: certificates
      .filter((x) => x !== leaf)
      .map((x) => ({ subject: oneLine(x.subject), issuer: oneLine(x.issuer) })),
  };
  return { ...facts, problems: findProblems(facts, tls, now) };
}

function findProblems(
  facts: Omit<CertificateInspection, 'problems'>,
  tls: TlsVerdict,
  now: number,
): CertificateError[] {
  const { file } = facts;
  const problems: CertificateError[] = [];
  const legacy = !tls.accepted && tls.reason === 'unsupported-algorithm';
  if (legacy) {
    problems.push(legacyError(facts, facts.encryption, { convertible: true, cause: tls.error }));
  }

  if (!facts.hasPrivateKey) {
    problems.push(
      new CertificateError(
        CERT_ERROR.NO_KEY,
        `${file} holds the certificate ${facts.subjectCN} but no private key: export it again ` +
          `from the certificate store WITH the private key`,
        { details: { file } },
      ),
    );
  } else if (!facts.keyMatchesCertificate) {
    problems.push(
      new CertificateError(
        CERT_ERROR.KEY_MISMATCH,
        `the private key in ${file} does not belong to its certificate ${facts.subjectCN}: ` +
          `export the certificate and its own key together`,
        { details: { file } },
      ),
    );
  }

  const dates = {
    notBefore: facts.notBefore.toISOString(),
    notAfter: facts.notAfter.toISOString(),
  };
  if (now > facts.notAfter.getTime()) {
    problems.push(
      new CertificateError(
        CERT_ERROR.EXPIRED,
        `the point certificate ${file} expired on ${dates.notAfter} (valid ${dates.notBefore} ` +
          `to ${dates.notAfter}): ask WebMoney for a new certificate for POS ${facts.posNumber}`,
        { details: { file, ...dates, now: new Date(now).toISOString() } },
      ),
    );
  } else if (now < facts.notBefore.getTime()) {
    problems.push(
      new CertificateError(
        CERT_ERROR.NOT_YET_VALID,
        `the point certificate ${file} is not valid until ${dates.notBefore} (valid ` +
          `${dates.notBefore} to ${dates.notAfter}); check the computer's date and time`,
        { details: { file, ...dates, now: new Date(now).toISOString() } },
      ),
    );
  }

  if (!facts.cnMatchesPosNumber) {
    problems.push(
      new CertificateError(
        CERT_ERROR.CN_MISMATCH,
        `the certificate ${file} was issued to "${facts.subjectCN}" (subject CN), not to the ` +
          `POS number ${facts.posNumber}: use the certificate issued for this POS, or fix the ` +
          `POS number setting`,
        { details: { file, subjectCN: facts.subjectCN, posNumber: facts.posNumber } },
      ),
    );
  }

  const tlsOther = !tls.accepted && !legacy && facts.hasPrivateKey && facts.keyMatchesCertificate;
  if (tlsOther) {
    // The file opened and its key fits, so it is the layout OpenSSL objects to (no MAC, say):
    // writing the same contents in the modern layout is the cure.
    problems.push(
      new CertificateError(
        CERT_ERROR.UNREADABLE,
        `OpenSSL refuses ${file} as a TLS client certificate (${tls.opensslMessage}), ` +
          `although the password opens it and its key fits. Re-write it in the modern ` +
          `layout, keeping the original, with: ${convertCommand(file, facts.posNumber)}`,
        { cause: tls.error, details: { file } },
      ),
    );
  }
  return problems;
}

function convertCommand(file: string, posNumber: string): string {
  return `wmqr cert convert --folder ${shellWord(path.dirname(file))} --pos ${posNumber}`;
}

/** Quotes a path for a copy-pasteable command line when it holds spaces or quotes. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(text) ? text : `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}
