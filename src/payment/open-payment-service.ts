/**
 * Production wiring: from validated settings to a running PaymentService with the real
 * Shtrih-M printer, the point certificate, the WebMoney gateway client and the journal file.
 * The CLI uses it; the demo and tests reuse it with the simulators by pointing the settings
 * at them (tcp://127.0.0.1:<port>, the mock's URL and CA) or by passing ready-made parts.
 */
import fs from 'node:fs';
import { systemClock, type Clock } from '../core/clock';
import { WmqrError } from '../core/errors';
import { silentLogger, type Logger } from '../core/logger';
import { loadPointCertificate } from '../gateway/certificate';
import { WebMoneyGatewayClient } from '../gateway';
import { openPrinter, type OpenPrinterOptions } from '../printer';
import { PaymentJournal } from './journal/payment-journal';
import { createPaymentService, type PaymentService } from './payment-service';
import type { PaymentGateway, PaymentPrinter } from './ports';
import type { DeviceSettings, GatewaySettings, Settings } from './settings/settings';

export interface WiringOptions {
  clock?: Clock;
  logger?: Logger;
  /**
   * Clock for the gateway's per-request timeouts (default: `clock`). With a self-advancing
   * VirtualClock and real sockets, pass systemClock here (see VirtualClock.autoAdvance).
   */
  ioClock?: Clock;
}

export interface ClosablePrinter extends PaymentPrinter {
  close(): Promise<void>;
}

export interface ClosableGateway extends PaymentGateway {
  close(): void;
}

/** Opens the printer the device settings name; `extra` may give e.g. `{ stream }`. */
export function openSettingsPrinter(
  device: DeviceSettings,
  options: WiringOptions & { extra?: Partial<OpenPrinterOptions> } = {},
): Promise<ClosablePrinter> {
  return openPrinter({
    device: device.connection,
    baud: device.baud,
    passwords: { operator: device.operatorPassword, sysadmin: device.sysadminPassword },
    receiptFlow: device.receiptFlow,
    qr: { moduleSize: device.qr.moduleSize, errorCorrection: device.qr.errorCorrection },
    clock: options.clock,
    logger: options.logger,
    ...options.extra,
  });
}

/**
 * Loads `<posNumber>.pfx` and builds the gateway client. Certificate problems (missing file,
 * wrong password, expired, CN mismatch) are thrown here, before any request is sent.
 */
export async function openSettingsGateway(
  gateway: GatewaySettings,
  options: WiringOptions & { certificateNow?: number } = {},
): Promise<ClosableGateway> {
  const certificate = await loadPointCertificate({
    folder: gateway.certificateFolder,
    posNumber: gateway.posNumber,
    password: gateway.certificatePassword,
    now: options.certificateNow,
  });
  return new WebMoneyGatewayClient({
    baseUrl: gateway.url,
    agent: gateway.agent,
    wmid: gateway.wmid,
    point: gateway.posNumber,
    crsId: gateway.crsId,
    agentKey: gateway.agentKey,
    certificate,
    caPem: gateway.caFile === undefined ? undefined : readCaFile(gateway.caFile),
    test: gateway.testMode,
    stateDir: gateway.stateDir,
    clock: options.clock,
    ioClock: options.ioClock,
    logger: options.logger,
  });
}

export interface OpenPaymentServiceOptions extends WiringOptions {
  /** Ready-made parts replace what the settings would open (the caller then closes them). */
  printer?: PaymentPrinter;
  gateway?: PaymentGateway;
  journal?: PaymentJournal;
  /** Passed to openPrinter, e.g. `{ stream: emulator.connect() }`. */
  printerOptions?: Partial<OpenPrinterOptions>;
  /** Clock time for the certificate's validity check (default: the real time). */
  certificateNow?: number;
}

export interface PaymentServiceHandle {
  service: PaymentService;
  printer: PaymentPrinter;
  gateway: PaymentGateway;
  journal: PaymentJournal;
  /** Closes what this function opened (not the parts passed in). */
  close(): Promise<void>;
}

export async function openPaymentService(
  settings: Settings,
  options: OpenPaymentServiceOptions = {},
): Promise<PaymentServiceHandle> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const fn of closers.reverse()) {
      try {
        await fn();
      } catch (error) {
        logger.warn('closing failed', { error: String(error) });
      }
    }
  };

  /** A part passed in is used as is; one opened here is closed by close(). */
  const givenOrOpened = async <T, Opened extends T & { close(): Promise<void> | void }>(
    given: T | undefined,
    open: () => Opened | Promise<Opened>,
  ): Promise<T> => {
    if (given) return given;
    const opened = await open();
    closers.push(() => opened.close());
    return opened;
  };

  try {
    // The journal first: its lock keeps a second wmqr away before anything else is touched.
    const journal = await givenOrOpened(options.journal, () =>
      PaymentJournal.open(settings.payment.journalFile, { clock }),
    );
    const gateway = await givenOrOpened(options.gateway, () =>
      openSettingsGateway(settings.gateway, {
        clock,
        ioClock: options.ioClock,
        logger,
        certificateNow: options.certificateNow,
      }),
    );
    const printer = await givenOrOpened(options.printer, () =>
      openSettingsPrinter(settings.device, { clock, logger, extra: options.printerOptions }),
    );
    const service = createPaymentService({ settings, printer, gateway, journal, clock, logger });
    return { service, printer, gateway, journal, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function readCaFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new WmqrError(
      'SETTINGS_CA_FILE_UNREADABLE',
      `gateway.caFile: ${file} cannot be read ` +
        `(${(error as NodeJS.ErrnoException).code ?? error}); ` +
        'give the PEM file of the CA that signed the gateway certificate, or remove the setting',
      { details: { file } },
    );
  }
}
