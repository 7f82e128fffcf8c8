/**
 * The folder of this package's package.json, found from this file's location, so the same
 * code works from the TypeScript sources (src/...) and from the build (dist/src/...).
 */
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'webmoney-qr-pos') return (cached = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`package.json of webmoney-qr-pos not found above ${__dirname}`);
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
  return String(pkg.version);
}
