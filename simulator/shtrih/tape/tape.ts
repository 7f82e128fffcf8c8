/**
 * The emulated receipt roll: an ordered record of everything printed, with renderers. Emits
 * 'entry' for each appended entry, so a listener can save the tape after a cut or a receipt.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TapeEntry } from './tape-entry';
import { renderTapeText } from './tape-text';
import { renderTapePng, type PngOptions } from './tape-png';

export class Tape extends EventEmitter {
  readonly entries: TapeEntry[] = [];

  append(entry: TapeEntry): void {
    this.entries.push(entry);
    this.emit('entry', entry);
  }

  /** Entries of one kind, typed: `tape.ofKind('qr')[0].text`. */
  ofKind<K extends TapeEntry['kind']>(kind: K): Array<Extract<TapeEntry, { kind: K }>> {
    return this.entries.filter((e): e is Extract<TapeEntry, { kind: K }> => e.kind === kind);
  }

  toText(): string {
    return renderTapeText(this.entries);
  }

  toPng(options: PngOptions = {}): Promise<Buffer> {
    return renderTapePng(this.entries, options);
  }

  /** Writes `<baseName>.txt` and `<baseName>.png` into `dir` (created when missing). */
  async writeTo(dir: string, baseName: string): Promise<{ textFile: string; pngFile: string }> {
    await fs.mkdir(dir, { recursive: true });
    const textFile = path.join(dir, `${baseName}.txt`);
    const pngFile = path.join(dir, `${baseName}.png`);
    await fs.writeFile(textFile, this.toText(), 'utf8');
    await fs.writeFile(pngFile, await this.toPng());
    return { textFile, pngFile };
  }

  clear(): void {
    this.entries.length = 0;
  }
}
