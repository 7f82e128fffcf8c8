/** The Shtrih-M fiscal printer driver: public API. */
export { openPrinter, DEFAULT_BAUD_RATE, type OpenPrinterOptions } from './printer/open-printer';
export {
  ShtrihPrinter,
  PRINTER_DEFAULTS,
  wrapLine,
  reverseBitsInEachByte,
  type PrintLayout,
  type PrinterStatus,
  type ReceiptFlow,
  type QrSettings,
  type FiscalSettings,
  type ReadySettings,
  type ShtrihPrinterOptions,
} from './printer/shtrih-printer';
export { PrinterError, staffMessage } from './printer/printer-errors';
export { buildQrMatrix, rasterQr, type GraphicRun, type QrMatrix } from './printer/qr-raster';
export { HostLink, LINK_DEFAULTS, type HostLinkOptions, type LinkStats } from './link/host-link';
export { discoverBaudRate, DISCOVERY_ORDER } from './link/baud-discovery';
export * from './link/link-errors';
export { StreamTransport } from './transport/stream-transport';
export { openSerialTransport } from './transport/serial-transport';
export { openTcpTransport } from './transport/tcp-transport';
export { createDuplexPair } from './transport/duplex-pair';
export {
  parseDeviceAddress,
  formatDeviceAddress,
  DeviceAddressError,
  type DeviceAddress,
} from './transport/device-address';
export type { LinkTransport, TransportKind } from './transport/link-transport';
export * as commands from './commands';
export {
  DeviceError,
  DEVICE_ERRORS,
  DEVICE_ERROR,
  describeDeviceError,
  isDeviceError,
  type DeviceErrorInfo,
} from './protocol/device-errors';
export {
  describeMode,
  describeSubmode,
  describePaper,
  type Lang,
  type Words,
} from './protocol/status-words';
export * from './protocol/shtrih-constants';
