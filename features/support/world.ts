/**
 * The World of the QR payment scenarios: one simulated shop per scenario (the Shtrih-M
 * emulator, the mock gateway, the settings file, the journal and the payment service), on a
 * virtual clock, torn down in After. Steps stay one to three lines by calling the task
 * helpers below; the helpers speak the domain, the shop speaks the simulators.
 */
import fs from 'node:fs';
import path from 'node:path';
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { MemoryLogger } from '../../src/core/logger';
import type { Kopecks } from '../../src/core/money';
import type { PaymentEvent, PaymentEventType } from '../../src/payment/controller/payment-events';
import { lineTotal } from '../../src/payment/controller/payment-request';
import type { PaymentResult } from '../../src/payment/controller/payment-result';
import type { RecoveryReport } from '../../src/payment/controller/recovery';
import type { PaymentService } from '../../src/payment/payment-service';
import type { PaySystem, ReceiptItem } from '../../src/payment/ports';
import type { PaymentScript } from '../../simulator/gateway';
import {
  PrinterTap,
  SHOP_PAYMENT_TYPES,
  SimulatedShop,
  type PrinterLinkKind,
  type ShopPaymentType,
} from '../../simulator/sandbox';

export interface Sale {
  items: ReceiptItem[];
  amountKopecks: Kopecks;
}

export class ShopWorld extends World {
  /** Everything every payment and recovery logged; checked for secrets in After. */
  readonly logger = new MemoryLogger();
  /** Every event of every payment, in order. */
  readonly events: PaymentEvent[] = [];
  readonly results: PaymentResult[] = [];
  readonly recoveries: RecoveryReport[] = [];
  /** The error that stopped an attempt (settings, certificate), for the Then steps. */
  failure: unknown;
  /** The printer the current service uses, with power-cut and "just before" controls. */
  tap?: PrinterTap;
  /** When the current payment started, on the shop's clock. */
  payStartedAt = 0;

  private currentShop?: SimulatedShop;
  private sale: Sale = { items: [], amountKopecks: 0 };
  private script: PaymentScript = {};
  private paymentTypes: Partial<Record<PaySystem, ShopPaymentType>> = { ...SHOP_PAYMENT_TYPES };
  private readonly reactions: Array<{ type: PaymentEventType; act: (e: PaymentEvent) => void }> =
    [];
  private readonly atPaymentStart: Array<(tap: PrinterTap) => void> = [];

  constructor(options: IWorldOptions) {
    super(options);
  }

  get shop(): SimulatedShop {
    if (!this.currentShop) throw new Error('The shop is not started (the Before hook does it)');
    return this.currentShop;
  }

  /** The payment under test: the last one taken. */
  get result(): PaymentResult {
    const last = this.results.at(-1);
    if (!last) throw new Error('No payment has finished in this scenario');
    return last;
  }

  // ---- setting the scene -------------------------------------------------------------------

  async startShop(printerLink: PrinterLinkKind): Promise<void> {
    this.currentShop = await SimulatedShop.start({
      printerLink,
      logger: this.logger,
      settings: { paymentTypes: this.paymentTypes },
      wrapPrinter: (printer) => (this.tap = new PrinterTap(printer)),
    });
  }

  setPaymentTypes(types: Partial<Record<PaySystem, ShopPaymentType>>): void {
    this.paymentTypes = types;
    this.shop.updateSettings({ paymentTypes: types });
  }

  setWaitSeconds(waitSeconds: number): void {
    this.shop.updateSettings({ waitSeconds });
  }

  setCertificatePassword(certificatePassword: string): void {
    this.shop.updateSettings({ certificatePassword });
  }

  /** The point's certificate folder exists but holds no `<POS number>.pfx`. */
  removePointCertificate(): void {
    const empty = path.join(this.shop.dir, 'certificates-without-pfx');
    fs.mkdirSync(empty, { recursive: true });
    this.shop.updateSettings({ certificateFolder: empty });
  }

  setSale(items: ReceiptItem[]): void {
    const amountKopecks = items.reduce((sum, item) => sum + lineTotal(item), 0);
    this.sale = { items, amountKopecks };
  }

  /** Adds to what the mock gateway does with the next payment (customer and failures). */
  scriptNextPayment(script: PaymentScript): void {
    this.script = { ...this.script, ...script };
  }

  /** Runs `act` at the next event of this type (e.g. a fault once the payment is paid). */
  onNextEvent(type: PaymentEventType, act: (event: PaymentEvent) => void): void {
    this.reactions.push({ type, act });
  }

  /** Runs `act` with the printer tap when the next payment starts. */
  whenPaymentStarts(act: (tap: PrinterTap) => void): void {
    this.atPaymentStart.push(act);
  }

  // ---- tasks -------------------------------------------------------------------------------

  /** The till's payment service, started on first use (as a till starts its software). */
  async service(): Promise<PaymentService> {
    if (this.shop.serviceOpen) return this.shop.service;
    const service = await this.shop.openService();
    service.on((event) => this.notice(event));
    return service;
  }

  /**
   * The cashier takes the sale by QR for `system` and waits for the outcome — or for the
   * power cut a scenario planned, after which the payment never returns.
   */
  async takePayment(paySystem: PaySystem): Promise<void> {
    const service = await this.service();
    for (const act of this.atPaymentStart.splice(0)) act(this.requireTap());
    this.shop.gateway.scriptNext(this.script);
    this.script = {};
    this.payStartedAt = this.shop.clock.now();

    const payment = service
      .pay({ paySystem, amountKopecks: this.sale.amountKopecks, items: this.sale.items })
      .then((result) => {
        this.results.push(result);
      });
    await Promise.race([payment, this.requireTap().halted]);
  }

  /** Like takePayment, but a refusal before the payment starts is kept for the Then steps. */
  async tryToTakePayment(paySystem: PaySystem, amountKopecks: Kopecks): Promise<void> {
    this.setSale([{ name: 'Товар', priceKopecks: amountKopecks, quantityMilli: 1000 }]);
    try {
      await this.takePayment(paySystem);
    } catch (error) {
      this.failure = error;
    }
  }

  async recover(): Promise<void> {
    const service = await this.service();
    this.recoveries.push(await service.recover());
  }

  /** The till, which lost power as planned (whatever it was doing stopped dead), starts again. */
  async restartTill(): Promise<void> {
    if (!this.tap?.powerIsCut) throw new Error('The scenario planned a crash that did not happen');
    await this.shop.cutPower();
    await this.service();
  }

  async writePaymentNames(): Promise<void> {
    const service = await this.service();
    const written = await service.setupPaymentNames();
    const unconfirmed = written.filter((w) => !w.confirmed);
    if (unconfirmed.length > 0) throw new Error(`Names not confirmed: ${JSON.stringify(written)}`);
  }

  checkSettings(): void {
    try {
      this.shop.loadSettings();
    } catch (error) {
      this.failure = error;
    }
  }

  // ---- what the scenario saw ---------------------------------------------------------------

  /** The payment of this scenario as the mock gateway holds it. */
  gatewayPayment() {
    const id = this.lastPaymentId();
    const payment = this.shop.gateway.payment(id);
    if (!payment) throw new Error(`The gateway has no payment ${id}`);
    return payment;
  }

  /** The id of the last payment started, from the events (also when it never finished). */
  lastPaymentId(): string {
    const created = this.events.filter((e) => e.type === 'creating-qr').at(-1);
    if (!created || created.type !== 'creating-qr') throw new Error('No payment was started');
    return created.paymentId;
  }

  /** What each recovery run did, payment by payment, in order. */
  recoveryActions(): string[] {
    return this.recoveries.flatMap((r) => r.payments.map((p) => p.action));
  }

  // ---- report and teardown -----------------------------------------------------------------

  /** The printed tape as picture and text, and the journal's story, into the HTML report. */
  async attachEvidence(): Promise<void> {
    const shop = this.currentShop;
    if (!shop) return;
    const tape = shop.emulator.tape;
    if (tape.entries.length > 0) {
      this.attach(await tape.toPng(), { mediaType: 'image/png', fileName: 'tape.png' });
      this.attach(tape.toText(), { mediaType: 'text/plain', fileName: 'tape.txt' });
    } else {
      this.attach('(nothing was printed)', { mediaType: 'text/plain', fileName: 'tape.txt' });
    }
    const story = this.journalStory();
    if (story) this.attach(story, { mediaType: 'text/plain', fileName: 'journal.txt' });
  }

  /** Info-level log lines (a failed scenario's clue). */
  attachLog(): void {
    const lines = this.logger.records
      .filter((r) => r.level !== 'debug')
      .map((r) => `${r.level.padEnd(5)} ${r.msg} ${JSON.stringify(r.fields)}`);
    if (lines.length > 0) {
      this.attach(lines.join('\n'), { mediaType: 'text/plain', fileName: 'log.txt' });
    }
  }

  async teardown(): Promise<void> {
    await this.currentShop?.close();
  }

  private notice(event: PaymentEvent): void {
    this.events.push(event);
    const due = this.reactions.filter((r) => r.type === event.type);
    for (const reaction of due) {
      this.reactions.splice(this.reactions.indexOf(reaction), 1);
      reaction.act(event);
    }
  }

  private requireTap(): PrinterTap {
    if (!this.tap) throw new Error('The payment service has no printer tap');
    return this.tap;
  }

  private journalStory(): string | undefined {
    const shop = this.currentShop;
    if (!shop?.serviceOpen) return undefined;
    const journal = shop.service.journal;
    const ids = [...new Set(this.events.flatMap((e) => ('paymentId' in e && e.paymentId) || []))];
    const lines = ids.flatMap((id) => {
      const events = journal.events(id);
      const start = events[0]?.at ?? 0;
      const at = (ms: number) => `+${((ms - start) / 1000).toFixed(1).padStart(6)} s`;
      return [
        `payment ${id}`,
        ...events.map((e) => `  ${at(e.at)}  ${e.step.padEnd(24)} ${e.state}`),
      ];
    });
    return lines.length > 0 ? lines.join('\n') : undefined;
  }
}

setWorldConstructor(ShopWorld);
