/**
 * A simulated shop: the Shtrih-M emulator, the mock WebMoney gateway (real HTTPS with the test
 * certificates), a settings file pointing at both, a journal in the shop's folder, and the
 * payment service built by the production wiring (openPaymentService). The Gherkin World and
 * `wmqr demo` both stand on it.
 *
 * Time: with `time: 'virtual'` the business clock (poll interval, overall deadline, printer
 * ready-polling, the mock's scripts, the emulator's refill timers) is a virtual clock that
 * moves by itself whenever the shop is idle, so a two-minute wait takes milliseconds; I/O
 * timeouts (gateway requests, printer link) stay on the system clock, because real sockets
 * need real time. With `time: 'real'` everything runs on the system clock (the demo).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, VirtualClock, type Clock } from '../../src/core/clock';
import { silentLogger, type Logger } from '../../src/core/logger';
import { WmqrError } from '../../src/core/errors';
import { ensureTestCertificates, type TestCertificates } from '../../certs-test/make-certs';
import { HostLink, ShtrihPrinter, StreamTransport, openTcpTransport } from '../../src/printer';
import type { LinkTransport } from '../../src/printer';
import {
  openPaymentService,
  type ClosablePrinter,
  type PaymentServiceHandle,
} from '../../src/payment/open-payment-service';
import type { PaymentService } from '../../src/payment/payment-service';
import type { PaymentPrinter } from '../../src/payment/ports';
import { loadSettings, type LoadedSettings } from '../../src/payment/settings/load-settings';
import type { Settings } from '../../src/payment/settings/settings';
import { startTestPointGateway, type MockGateway } from '../gateway';
import { ShtrihEmulator, type ShtrihEmulatorOptions, type TcpListener } from '../shtrih';
import { IoInFlight } from './io-in-flight';
import {
  SHOP_SETTINGS_DEFAULTS,
  shopSettingsJson,
  writeShopSettings,
  type ShopSettingsChoices,
} from './shop-settings';
import { driveVirtualTime } from './virtual-time-driver';

export type ShopTime = 'virtual' | 'real';
export type PrinterLinkKind = 'in-process' | 'tcp';

/** Link timing on the test stand: a silent printer is noticed in about a second. */
export const SHOP_LINK_DEFAULTS = { controlTimeoutMs: 300, maxRetries: 3 } as const;

export interface SimulatedShopOptions {
  /** Holds the settings file, the journal and the gateway state. Default: a new temp folder,
   * removed by close(). A given folder is kept (the demo's journal lives on). */
  dir?: string;
  /** Default 'virtual'. */
  time?: ShopTime;
  /** How the printer driver reaches the emulator: its in-process stream (default) or TCP. */
  printerLink?: PrinterLinkKind;
  /** Settings choices; can be changed later with updateSettings() before openService(). */
  settings?: ShopSettingsChoices;
  /** Emulator options (the clock and logger are the shop's). */
  emulator?: Omit<ShtrihEmulatorOptions, 'clock' | 'logger'>;
  /** Default: ensureTestCertificates() (certs-test/out under the package root). */
  certificates?: TestCertificates;
  logger?: Logger;
  /** Host link timing (default SHOP_LINK_DEFAULTS). */
  link?: { controlTimeoutMs?: number; maxRetries?: number };
  /** Puts something between the service and the printer driver (e.g. a PrinterTap). */
  wrapPrinter?: (printer: PaymentPrinter) => PaymentPrinter;
}

export class SimulatedShop {
  readonly settingsFile: string;
  /** tcp://127.0.0.1:<port>: the emulator also listens on TCP, so the settings are true. */
  readonly emulatorAddress: string;
  private choices: ShopSettingsChoices;
  private open: { handle: PaymentServiceHandle; printer: ClosablePrinter } | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly ownsDir: boolean,
    readonly clock: Clock,
    readonly emulator: ShtrihEmulator,
    readonly gateway: MockGateway,
    readonly certificates: TestCertificates,
    readonly printerLink: PrinterLinkKind,
    private readonly tcp: TcpListener,
    private readonly io: IoInFlight,
    private readonly stops: Array<() => Promise<void> | void>,
    private readonly options: SimulatedShopOptions,
  ) {
    this.settingsFile = path.join(dir, SHOP_SETTINGS_DEFAULTS.fileName);
    this.emulatorAddress = `tcp://${tcp.host}:${tcp.port}`;
    this.choices = { ...options.settings };
  }

  /** Starts the emulator and the mock gateway and writes the settings file (no service yet). */
  static async start(options: SimulatedShopOptions = {}): Promise<SimulatedShop> {
    const logger = options.logger ?? silentLogger;
    const ownsDir = options.dir === undefined;
    const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-shop-'));
    fs.mkdirSync(dir, { recursive: true });
    const stops: Array<() => Promise<void> | void> = [];
    const io = new IoInFlight();

    try {
      const certificates = options.certificates ?? (await ensureTestCertificates());
      let clock: Clock = systemClock;
      if ((options.time ?? 'virtual') === 'virtual') {
        const virtual = new VirtualClock();
        stops.push(io.trackHttpRequests());
        stops.push(driveVirtualTime(virtual, io));
        clock = virtual;
      }
      const emulator = new ShtrihEmulator({ ...options.emulator, clock, logger });
      stops.push(() => emulator.close());
      const tcp = await emulator.listenTcp({ port: 0 });
      const { gateway } = await startTestPointGateway({ certificates, clock, logger });
      stops.push(() => gateway.close());

      const shop = new SimulatedShop(
        dir,
        ownsDir,
        clock,
        emulator,
        gateway,
        certificates,
        options.printerLink ?? 'in-process',
        tcp,
        io,
        stops,
        options,
      );
      shop.writeSettings();
      return shop;
    } catch (error) {
      await stopAll(stops);
      if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Changes settings choices and rewrites the file; takes effect at the next openService(). */
  updateSettings(changes: ShopSettingsChoices): void {
    this.choices = { ...this.choices, ...changes };
    this.writeSettings();
  }

  /** Reads and validates the settings file as `wmqr` would (throws SettingsError). */
  loadSettings(): LoadedSettings {
    return loadSettings({ file: this.settingsFile, env: {} });
  }

  /**
   * Opens the payment service from the settings file through the production wiring: the
   * journal, the point certificate and gateway client, and the printer driver on the chosen
   * link. Certificate and settings problems are thrown here, before anything is sent.
   */
  async openService(): Promise<PaymentService> {
    this.assertOpen();
    if (this.open) throw new WmqrError('SHOP_SERVICE_OPEN', 'The payment service is already open');
    const { settings } = this.loadSettings();
    const printer = await this.openPrinter(settings);
    try {
      const wrapped = this.options.wrapPrinter?.(printer) ?? printer;
      const handle = await openPaymentService(settings, {
        clock: this.clock,
        ioClock: systemClock,
        logger: this.options.logger,
        printer: wrapped,
      });
      this.open = { handle, printer };
      return handle.service;
    } catch (error) {
      await printer.close();
      throw error;
    }
  }

  /** The open payment service. */
  get service(): PaymentService {
    if (!this.open) throw new WmqrError('SHOP_NO_SERVICE', 'Call openService() first');
    return this.open.handle.service;
  }

  get serviceOpen(): boolean {
    return this.open !== undefined;
  }

  /** Closes the service cleanly (journal, gateway client, printer link). */
  async closeService(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    await open.handle.close();
    await open.printer.close();
  }

  /**
   * The power goes: whatever the service was doing is dropped where it stands (its calls
   * never return), and what the process held is let go — the journal file, the printer link,
   * the gateway connection. A new openService() is the till starting again.
   */
  async cutPower(): Promise<void> {
    await this.closeService();
  }

  /** Stops everything; the emulator's tape and documents stay readable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.closeService();
    } finally {
      await stopAll(this.stops);
      if (this.ownsDir) fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private writeSettings(): void {
    const json = shopSettingsJson(
      {
        emulatorAddress: this.emulatorAddress,
        gatewayUrl: this.gateway.url,
        pointFolder: this.certificates.pointFolder,
        password: this.certificates.password,
        caCertFile: this.certificates.caCertFile,
      },
      this.choices,
    );
    writeShopSettings(this.settingsFile, json);
  }

  /**
   * The driver built by hand rather than by openPrinter(): the link's timeouts must run on the
   * system clock while the printer's ready-polling runs on the shop's clock, and each link
   * exchange counts as I/O in flight (see io-in-flight.ts).
   */
  private async openPrinter(settings: Settings): Promise<ClosablePrinter> {
    const transport: LinkTransport =
      this.printerLink === 'tcp'
        ? await openTcpTransport({ host: this.tcp.host, port: this.tcp.port })
        : new StreamTransport(this.emulator.connect(), { target: 'emulator (in process)' });
    const link = new HostLink(transport, {
      clock: systemClock,
      logger: this.options.logger,
      controlTimeoutMs: this.options.link?.controlTimeoutMs ?? SHOP_LINK_DEFAULTS.controlTimeoutMs,
      maxRetries: this.options.link?.maxRetries ?? SHOP_LINK_DEFAULTS.maxRetries,
    });
    const tracked = {
      exchange: (body: Uint8Array, options: { answerTimeoutMs: number; signal?: AbortSignal }) =>
        this.io.track(link.exchange(body, options)),
      close: () => link.close(),
    };
    const { device } = settings;
    return new ShtrihPrinter(tracked, {
      clock: this.clock,
      logger: this.options.logger,
      passwords: { operator: device.operatorPassword, sysadmin: device.sysadminPassword },
      receiptFlow: device.receiptFlow,
      qr: { moduleSize: device.qr.moduleSize, errorCorrection: device.qr.errorCorrection },
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new WmqrError('SHOP_CLOSED', 'This simulated shop was closed');
  }
}

async function stopAll(stops: Array<() => Promise<void> | void>): Promise<void> {
  for (const stop of stops.splice(0).reverse()) {
    try {
      await stop();
    } catch {
      // Teardown goes on: one stuck part must not keep the others running.
    }
  }
}
