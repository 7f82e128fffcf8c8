#!/usr/bin/env node
'use strict';
// Node 20's test runner does not expand ** globs itself: find the *.test.ts files here and
// run them with ts-node (transpile only; `npm run typecheck` does the type checking).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOTS = ['src', 'simulator', 'certs-test', 'scripts', 'bench'];

function findTests(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ROOTS.flatMap((root) => findTests(root, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files found${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--require', 'ts-node/register', '--test', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
);
process.exit(result.status ?? 1);
