/**
 * The common set-up of tests that need the test certificates: the generated
 * certificates (made once and reused across runs), optionally the test point's
 * certificate loaded as the gateway client loads it, and a scratch folder of one
 * test file, removed after its tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import {
  ensureTestCertificates,
  TEST_POINT,
  type TestCertificates,
} from '../../../../certs-test/make-certs';
import { loadPointCertificate } from '../load-point-certificate';
import type { PointCertificate } from '../point-certificate';

export interface TestCertificatesFixture {
  /**
   * Resolves once everything below is made. A file's own before() hook must await it:
   * Node 20 starts top-level before() hooks without waiting for the previous one.
   */
  ready(): Promise<void>;
  /** Readable inside tests, and in hooks after ready(). */
  readonly certs: TestCertificates;
  /** The good certificate of TEST_POINT; only with `{ pointCertificate: true }`. */
  readonly certificate: PointCertificate;
  /** An empty folder of this test file (e.g. a gateway client's state folder). */
  readonly scratch: string;
}

/** Call at the top of a test file; `scratchPrefix` names its temporary folder. */
export function useTestCertificates(
  scratchPrefix: string,
  options: { pointCertificate?: boolean } = {},
): TestCertificatesFixture {
  let certs: TestCertificates | undefined;
  let certificate: PointCertificate | undefined;
  let scratch: string | undefined;
  let setUp: Promise<void> | undefined;
  const ready = () =>
    (setUp ??= (async () => {
      certs = await ensureTestCertificates();
      if (options.pointCertificate) certificate = await loadTestPointCertificate(certs);
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
    })());
  before(ready);
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  const made = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: await ready() first`);
    return value;
  };
  return {
    ready,
    get certs() {
      return made(certs, 'certs');
    },
    get certificate() {
      return made(certificate, 'certificate (ask for { pointCertificate: true })');
    },
    get scratch() {
      return made(scratch, 'scratch');
    },
  };
}

/** The good certificate of TEST_POINT, loaded and checked as the gateway client does. */
export function loadTestPointCertificate(certs: TestCertificates): Promise<PointCertificate> {
  return loadPointCertificate({
    folder: certs.pointFolder,
    posNumber: TEST_POINT,
    password: certs.password,
  });
}
