/**
 * Builds the QR symbol a DEh command prints (p. 37-38), with the `qrcode` package: byte mode,
 * the host's version (0 = smallest that fits), mask (0 = automatic, 1..8 = mask 0..7) and
 * error correction level.
 */
import QRCode from 'qrcode';
import type { QrErrorCorrection } from './tape-entry';

export interface QrSymbol {
  /** Modules per side. */
  size: number;
  version: number;
  /** 0..7 as in the QR standard. */
  maskPattern: number;
  isDark(row: number, col: number): boolean;
}

export interface QrSymbolOptions {
  version: number;
  mask: number;
  errorCorrection: QrErrorCorrection;
}

/** Throws when the data does not fit the requested version at this error correction level. */
export function buildQrSymbol(data: Uint8Array, options: QrSymbolOptions): QrSymbol {
  const qr = QRCode.create([{ data: Buffer.from(data), mode: 'byte' }], {
    errorCorrectionLevel: options.errorCorrection,
    ...(options.version > 0 ? { version: options.version } : {}),
    ...(options.mask > 0 ? { maskPattern: (options.mask - 1) as QRCode.QRCodeMaskPattern } : {}),
  });
  const { size, data: modules } = qr.modules;
  return {
    size,
    version: qr.version,
    maskPattern: qr.maskPattern ?? 0,
    isDark: (row, col) => modules[row * size + col] === 1,
  };
}
