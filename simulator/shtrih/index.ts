/**
 * The software Shtrih-M register, for tests, the demo and third-party host drivers.
 * See docs/emulator.md.
 */
export { ShtrihEmulator, type ShtrihEmulatorOptions } from './emulator';
export { EmulatorFaults } from './emulator-faults';
export type {
  ShtrihDevice,
  DeviceStatus,
  FiscalDocument,
  FiscalPaymentRecord,
  OpenReceipt,
  PaperOutPlan,
  ReceiptItemRecord,
} from './fiscal-device';
export { Tape } from './tape/tape';
export type { PngOptions } from './tape/tape-png';
export type {
  TapeEntry,
  TapeEntryKind,
  ReceiptType,
  QrErrorCorrection,
  Alignment,
} from './tape/tape-entry';
export type { TcpListener, TcpListenOptions } from './transports/tcp-listener';
export type { PtyLink, PtyOptions } from './transports/pty-link';
export { SocatMissingError } from './transports/pty-link';
export type { MockBindingAttachment } from './transports/mock-binding-link';
export { byteTimeMs } from './link/byte-pacer';
export * as SHTRIH_DEVICE_CONSTANTS from './device-constants';
