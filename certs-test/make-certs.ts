/**
 * TEST-ONLY certificates for the tests and the demo: a test CA, the mock gateway's server
 * certificate, point certificates `<POS number>.pfx`, and the bad certificates the loader
 * must explain. None of it is committed (certs-test/out/ is git-ignored): every run makes
 * what is missing, expired or close to expiry, so a fresh clone works and nothing rots.
 *
 *   npm run certs                       # make/refresh certs-test/out, print the paths
 *   ensureTestCertificates({ dir })     # the same from a test
 *
 * The keys are unencrypted on disk and the password is in this file: never use any of it
 * outside tests and the demo.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import forge from 'node-forge';
import { packageRoot } from '../src/core/package-root';
import { sha256File, withDirectoryLock, writeFileAtomic } from './atomic-files';
import { buildLegacyRc2Pfx } from './legacy-pfx';
import {
  buildCertificate,
  buildModernPfx,
  certificateFingerprint,
  newRsaKeyPair,
  type KeyPair,
} from './test-pki';

/** Default POS number in tests and the demo. */
export const TEST_POINT = '100200300';
export const TEST_AGENT = '50001';
/** TEST-ONLY: the mock gateway's agent key for TEST_POINT. */
export const TEST_AGENT_KEY = 'test-only-agent-key';
/** TEST-ONLY: the password of every pfx made here. */
export const TEST_PFX_PASSWORD = 'test-only-password';
/** The CN of the "wrong CN" certificate: a POS number that is not TEST_POINT. */
export const WRONG_CN = '999999999';

/**
 * Bumped whenever what the generator writes changes, so files made by an older version are
 * remade (tests may otherwise keep getting yesterday's fixtures).
 */
const GENERATOR_VERSION = 3; // 3: serials always minimal DER (see serialFromRandomBytes)

/** A certificate this close to its end (or to its start, for "not yet valid") is remade. */
export const RENEW_MARGIN_DAYS = 60;

export interface TestCertificates {
  dir: string;
  password: string;
  /** The test CA that the mock gateway trusts and that signed the server and point certs. */
  caCertFile: string;
  caCertPem: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** The mock gateway's server certificate: CN localhost, SAN DNS:localhost, IP:127.0.0.1. */
  serverCertPem: string;
  serverKeyPem: string;
  /** Holds `<point>.pfx` for every requested point: the good certificates. */
  pointFolder: string;
  /** Each a folder holding `<TEST_POINT>.pfx` with one defect. */
  bad: {
    expired: string;
    notYetValid: string;
    otherCa: string;
    wrongCn: string;
    legacyRc2: string;
    noKey: string;
  };
  /** The CA that signed bad.otherCa (trusted by nobody). */
  otherCaCertPem: string;
}

export interface EnsureOptions {
  /** Default `<package root>/certs-test/out` (git-ignored). */
  dir?: string;
  /** Default [TEST_POINT]. */
  points?: string[];
  /** Default TEST_PFX_PASSWORD. */
  password?: string;
  /** Milliseconds since the epoch; validity is computed from it. Default Date.now(). */
  now?: number;
  /** Where new keys come from (default: fresh 2048-bit RSA). Tests may recycle a few. */
  newKey?: () => Promise<KeyPair>;
}

const DAY = 86_400_000;

export function defaultCertificatesDir(): string {
  return path.join(packageRoot(), 'certs-test', 'out');
}

// --- what is made -------------------------------------------------------------------------

type Issuer = 'self' | 'ca' | 'other-ca';
/** valid: usable now and not close to expiry; expired: past its end; future: starts later. */
type Freshness = 'valid' | 'expired' | 'future';

interface ItemSpec {
  id: string;
  issuer: Issuer;
  freshness: Freshness;
  /** Days from `now` to notBefore and notAfter. */
  window: [number, number];
  usesPassword: boolean;
  /** Bad certificates share one key: each key costs real time, and they need not differ. */
  keyName: string;
  build(input: BuildInput): { cert: forge.pki.Certificate; files: Record<string, string | Buffer> };
}

interface BuildInput {
  spec: ItemSpec;
  key: KeyPair;
  notBefore: Date;
  notAfter: Date;
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  password: string;
}

const CA_FILES = { cert: 'ca/test-ca.cert.pem', key: 'ca/test-ca.key.pem' } as const;
const OTHER_CA_FILES = { cert: 'other-ca/other-ca.cert.pem', key: 'other-ca/other-ca.key.pem' };
const SERVER_FILES = { cert: 'server/server.cert.pem', key: 'server/server.key.pem' } as const;
const BAD_FOLDERS = {
  expired: 'bad/expired',
  notYetValid: 'bad/not-yet-valid',
  otherCa: 'bad/other-ca',
  wrongCn: 'bad/wrong-cn',
  legacyRc2: 'bad/legacy-rc2',
  noKey: 'bad/no-key',
} as const;

const PEM_BANNER =
  '# TEST-ONLY, made by certs-test/make-certs.ts for tests and the demo.\n' +
  '# Never use it for real payments.\n';

function caSpec(id: string, commonName: string, files: { cert: string; key: string }): ItemSpec {
  return {
    id,
    issuer: 'self',
    freshness: 'valid',
    window: [-3 * 365, 5 * 365],
    usesPassword: false,
    keyName: id,
    build: ({ key, notBefore, notAfter }) => {
      const cert = buildCertificate({
        role: 'ca',
        commonName,
        notBefore,
        notAfter,
        publicKey: key.publicKey,
        selfKey: key.privateKey,
      });
      return { cert, files: pemFiles(files, cert, key) };
    },
  };
}

function pointSpec(
  id: string,
  relFile: string,
  commonName: string,
  options: Partial<Pick<ItemSpec, 'issuer' | 'freshness' | 'window' | 'keyName'>> & {
    format?: 'modern' | 'legacy-rc2' | 'no-key';
  } = {},
): ItemSpec {
  const spec: ItemSpec = {
    id,
    issuer: options.issuer ?? 'ca',
    freshness: options.freshness ?? 'valid',
    window: options.window ?? [-1, 365],
    usesPassword: true,
    keyName: options.keyName ?? id,
    build: ({ key, notBefore, notAfter, issuer, password }) => {
      const cert = buildCertificate({
        role: 'client',
        commonName,
        notBefore,
        notAfter,
        publicKey: key.publicKey,
        issuer,
      });
      const chain = [cert, issuer!.cert];
      const args = { key: key.privateKey, chain, password, friendlyName: commonName };
      const pfx =
        options.format === 'legacy-rc2'
          ? buildLegacyRc2Pfx(args)
          : buildModernPfx({ ...args, key: options.format === 'no-key' ? null : key.privateKey });
      return { cert, files: { [relFile]: pfx } };
    },
  };
  return spec;
}

function itemSpecs(points: string[]): ItemSpec[] {
  const bad = (name: keyof typeof BAD_FOLDERS) => `${BAD_FOLDERS[name]}/${TEST_POINT}.pfx`;
  return [
    caSpec('ca', 'webmoney-qr-pos TEST-ONLY CA', CA_FILES),
    caSpec('other-ca', 'Unrelated TEST-ONLY CA', OTHER_CA_FILES),
    {
      id: 'server',
      issuer: 'ca',
      freshness: 'valid',
      window: [-1, 2 * 365],
      usesPassword: false,
      keyName: 'server',
      build: ({ key, notBefore, notAfter, issuer }) => {
        const cert = buildCertificate({
          role: 'server',
          commonName: 'localhost',
          notBefore,
          notAfter,
          publicKey: key.publicKey,
          issuer,
          dnsNames: ['localhost'],
          ipAddresses: ['127.0.0.1', '::1'],
        });
        return { cert, files: pemFiles(SERVER_FILES, cert, key) };
      },
    },
    ...points.map((p) => pointSpec(`point:${p}`, `points/${p}.pfx`, p)),
    pointSpec('bad:expired', bad('expired'), TEST_POINT, {
      freshness: 'expired',
      window: [-400, -30],
      keyName: 'bad',
    }),
    pointSpec('bad:not-yet-valid', bad('notYetValid'), TEST_POINT, {
      freshness: 'future',
      window: [365, 730],
      keyName: 'bad',
    }),
    pointSpec('bad:other-ca', bad('otherCa'), TEST_POINT, { issuer: 'other-ca', keyName: 'bad' }),
    pointSpec('bad:wrong-cn', bad('wrongCn'), WRONG_CN, { keyName: 'bad' }),
    pointSpec('bad:legacy-rc2', bad('legacyRc2'), TEST_POINT, {
      keyName: 'bad',
      format: 'legacy-rc2',
    }),
    pointSpec('bad:no-key', bad('noKey'), TEST_POINT, { keyName: 'bad', format: 'no-key' }),
  ];
}

function pemFiles(files: { cert: string; key: string }, cert: forge.pki.Certificate, key: KeyPair) {
  return {
    [files.cert]: PEM_BANNER + forge.pki.certificateToPem(cert),
    [files.key]: PEM_BANNER + forge.pki.privateKeyToPem(key.privateKey),
  };
}

// --- the manifest: what exists, so a check costs a few hashes, not a pfx decryption ------

interface ManifestEntry {
  generator: number;
  /** Relative path -> sha256 of the content written. */
  files: Record<string, string>;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  /** Fingerprint of the issuing CA's certificate (own fingerprint for a CA). */
  issuer: string;
  passwordTag?: string;
}

interface Manifest {
  format: 1;
  note: string;
  entries: Record<string, ManifestEntry>;
}

const MANIFEST = 'manifest.json';

function readManifest(dir: string): Manifest {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    if (parsed.format === 1 && parsed.entries) return parsed;
  } catch {
    // missing or damaged: everything is made again
  }
  return { format: 1, note: 'TEST-ONLY certificates', entries: {} };
}

/** Identifies the password without storing it (it is a public test password anyway). */
function passwordTag(password: string): string {
  return crypto.createHash('sha256').update(`wmqr-test-pfx:${password}`).digest('hex');
}

function issuerFingerprint(manifest: Manifest, spec: ItemSpec): string | undefined {
  if (spec.issuer === 'self') return undefined;
  return manifest.entries[spec.issuer]?.fingerprint;
}

function isFresh(
  dir: string,
  manifest: Manifest,
  spec: ItemSpec,
  password: string,
  now: number,
): boolean {
  const entry = manifest.entries[spec.id];
  if (!entry || entry.generator !== GENERATOR_VERSION) return false;
  for (const [rel, hash] of Object.entries(entry.files)) {
    if (sha256File(path.join(dir, rel)) !== hash) return false;
  }
  if (spec.issuer !== 'self' && entry.issuer !== issuerFingerprint(manifest, spec)) return false;
  if (spec.usesPassword && entry.passwordTag !== passwordTag(password)) return false;

  const notBefore = Date.parse(entry.notBefore);
  const notAfter = Date.parse(entry.notAfter);
  const margin = RENEW_MARGIN_DAYS * DAY;
  switch (spec.freshness) {
    case 'valid':
      return notBefore <= now && notAfter - now >= margin;
    case 'expired':
      return notAfter < now;
    case 'future':
      return notBefore - now >= margin;
  }
}

function staleItems(
  dir: string,
  manifest: Manifest,
  specs: ItemSpec[],
  password: string,
  now: number,
): ItemSpec[] {
  // A remade CA invalidates everything it signed, so CAs are judged first.
  const stale = specs.filter((s) => !isFresh(dir, manifest, s, password, now));
  const remadeCas = new Set(stale.filter((s) => s.issuer === 'self').map((s) => s.id));
  return specs.filter((s) => stale.includes(s) || remadeCas.has(s.issuer));
}

// --- making -------------------------------------------------------------------------------

async function generate(
  dir: string,
  specs: ItemSpec[],
  password: string,
  now: number,
  newKey: () => Promise<KeyPair>,
): Promise<void> {
  const manifest = readManifest(dir);
  const stale = staleItems(dir, manifest, specs, password, now);
  if (stale.length === 0) return;

  // Keys in parallel: generation is the only slow part.
  const keyNames = [...new Set(stale.map((s) => s.keyName))];
  const keys = new Map(
    await Promise.all(keyNames.map(async (name) => [name, await newKey()] as const)),
  );

  for (const spec of stale) {
    const issuer = spec.issuer === 'self' ? undefined : loadCa(dir, spec.issuer);
    const key = keys.get(spec.keyName)!;
    const built = spec.build({
      spec,
      key,
      notBefore: new Date(now + spec.window[0] * DAY),
      notAfter: new Date(now + spec.window[1] * DAY),
      issuer,
      password,
    });
    const files: Record<string, string> = {};
    for (const [rel, content] of Object.entries(built.files)) {
      writeFileAtomic(path.join(dir, rel), content);
      files[rel] = crypto.createHash('sha256').update(content).digest('hex');
    }
    const fingerprint = certificateFingerprint(built.cert);
    manifest.entries[spec.id] = {
      generator: GENERATOR_VERSION,
      files,
      notBefore: built.cert.validity.notBefore.toISOString(),
      notAfter: built.cert.validity.notAfter.toISOString(),
      fingerprint,
      issuer: issuer ? certificateFingerprint(issuer.cert) : fingerprint,
      ...(spec.usesPassword ? { passwordTag: passwordTag(password) } : {}),
    };
  }

  writeFileAtomic(path.join(dir, 'README.txt'), README_TEXT, 0o644);
  // The manifest goes last: until it is written, other processes see the items as stale.
  writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', 0o644);
}

function loadCa(dir: string, id: Issuer) {
  const files = id === 'ca' ? CA_FILES : OTHER_CA_FILES;
  return {
    cert: forge.pki.certificateFromPem(fs.readFileSync(path.join(dir, files.cert), 'utf8')),
    key: forge.pki.privateKeyFromPem(
      fs.readFileSync(path.join(dir, files.key), 'utf8'),
    ) as forge.pki.rsa.PrivateKey,
  };
}

const README_TEXT = [
  'TEST-ONLY certificates and keys, made by certs-test/make-certs.ts (npm run certs).',
  '',
  'Everything here is for the tests and the demo against the mock gateway. The private keys are',
  'unencrypted and the pfx password is public: never use any of it for real payments.',
  'This folder is git-ignored and is remade whenever something is missing or close to expiry.',
  '',
].join('\n');

// --- the API ------------------------------------------------------------------------------

/**
 * Makes whatever is missing, expired or near expiry in `dir` and describes the result.
 * Safe when several processes call it at once: one generates, the others wait and reuse.
 */
export async function ensureTestCertificates(
  options: EnsureOptions = {},
): Promise<TestCertificates> {
  const dir = path.resolve(options.dir ?? defaultCertificatesDir());
  const points = options.points ?? [TEST_POINT];
  const password = options.password ?? TEST_PFX_PASSWORD;
  const now = options.now ?? Date.now();
  for (const point of points) {
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(point)) {
      throw new Error(`point "${point}" cannot be a file name: use digits (the POS number)`);
    }
  }
  const specs = itemSpecs(points);

  if (staleItems(dir, readManifest(dir), specs, password, now).length > 0) {
    const newKey = options.newKey ?? newRsaKeyPair;
    await withDirectoryLock(dir, () => generate(dir, specs, password, now, newKey));
  }
  return describe(dir, password);
}

function describe(dir: string, password: string): TestCertificates {
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const folder = (rel: string) => path.join(dir, rel);
  return {
    dir,
    password,
    caCertFile: folder(CA_FILES.cert),
    caCertPem: read(CA_FILES.cert),
    serverCertFile: folder(SERVER_FILES.cert),
    serverKeyFile: folder(SERVER_FILES.key),
    serverCertPem: read(SERVER_FILES.cert),
    serverKeyPem: read(SERVER_FILES.key),
    pointFolder: folder('points'),
    bad: {
      expired: folder(BAD_FOLDERS.expired),
      notYetValid: folder(BAD_FOLDERS.notYetValid),
      otherCa: folder(BAD_FOLDERS.otherCa),
      wrongCn: folder(BAD_FOLDERS.wrongCn),
      legacyRc2: folder(BAD_FOLDERS.legacyRc2),
      noKey: folder(BAD_FOLDERS.noKey),
    },
    otherCaCertPem: read(OTHER_CA_FILES.cert),
  };
}

// --- npm run certs --------------------------------------------------------------------------

async function cli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: 'string' }, point: { type: 'string', multiple: true } },
  });
  const certs = await ensureTestCertificates({ dir: values.dir, points: values.point });
  const lines = [
    `TEST-ONLY certificates in ${certs.dir}`,
    `  pfx password:        TEST_PFX_PASSWORD in certs-test/make-certs.ts (test-only)`,
    `  test CA:             ${certs.caCertFile}`,
    `  mock gateway server: ${certs.serverCertFile}`,
    `  point certificates:  ${certs.pointFolder}${path.sep}<POS number>.pfx`,
    ...Object.entries(certs.bad).map(([name, dir]) => `  bad (${name}):`.padEnd(23) + dir),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

if (require.main === module) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`make-certs: ${error instanceof Error ? error.message : error}\n`);
    process.exitCode = 1;
  });
}
