/**
 * The common set-up of tests that need identities made by the openssl command: one scratch
 * folder per test file (removed after its tests) and the named identities, made once in it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import {
  makeOpensslIdentity,
  type OpensslIdentity,
  type TestKeyType,
} from '../../../../certs-test/openssl-pfx';

export type OpensslIdentities<Name extends string> = { readonly dir: string } & {
  readonly [N in Name]: OpensslIdentity;
};

/** Call at the top of a test file or describe(); the fields are readable inside tests. */
export function useOpensslIdentities<Name extends string>(
  scratchPrefix: string,
  specs: Record<Name, { keyType?: TestKeyType; commonName: string }>,
): OpensslIdentities<Name> {
  let dir: string | undefined;
  const made = new Map<string, OpensslIdentity>();
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
    for (const [name, spec] of Object.entries(specs) as [Name, (typeof specs)[Name]][]) {
      made.set(name, makeOpensslIdentity(dir, name, spec));
    }
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not made yet: use it inside a test`);
    return value;
  };
  const fixture = {
    get dir() {
      return ready(dir, 'the scratch folder');
    },
  };
  for (const name of Object.keys(specs)) {
    Object.defineProperty(fixture, name, { get: () => ready(made.get(name), name) });
  }
  return fixture as OpensslIdentities<Name>;
}
