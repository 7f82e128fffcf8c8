/**
 * The payment API a POS, the CLI, the demo and the Gherkin World use: one object that runs
 * payments, recovers unfinished ones and sets up payment names, on one printer, one gateway
 * and one journal. Only one of these runs at a time (the printer is a single device).
 */
import { systemClock, type Clock } from '../core/clock';
import { WmqrError } from '../core/errors';
import { silentLogger, type Logger } from '../core/logger';
import { runPayment, type PayOptions } from './controller/payment-controller';
import type { PaymentEventListener } from './controller/payment-events';
import { preparePayment, type PaymentRequest } from './controller/payment-request';
import type { PaymentResult } from './controller/payment-result';
import { recoverPayments, type RecoveryReport } from './controller/recovery';
import type { PaymentJournal } from './journal/payment-journal';
import { writePaymentNames, type PaymentNameSetup } from './payment-names';
import type { PaymentGateway, PaymentPrinter } from './ports';
import type { Settings } from './settings/settings';

export interface PaymentServiceOptions {
  settings: Settings;
  printer: PaymentPrinter;
  gateway: PaymentGateway;
  journal: PaymentJournal;
  clock?: Clock;
  logger?: Logger;
}

export interface PaymentService {
  readonly settings: Settings;
  readonly journal: PaymentJournal;
  /** True while a payment, a recovery or a name setup runs. */
  readonly busy: boolean;
  /**
   * Runs one payment to its outcome. Throws (PaymentRequestError, PAYMENT_BUSY) only when it
   * could not start; every started payment ends in a PaymentResult.
   */
  pay(request: PaymentRequest, options?: PayOptions): Promise<PaymentResult>;
  /** Finishes unfinished journal entries; call it at start, before the first payment. */
  recover(): Promise<RecoveryReport>;
  /** Writes the enabled payment types' names into table 5 and reads them back. */
  setupPaymentNames(): Promise<PaymentNameSetup[]>;
  /** Follows every payment's events; returns the unsubscribe function. */
  on(listener: PaymentEventListener): () => void;
}

export function createPaymentService(options: PaymentServiceOptions): PaymentService {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const { settings, printer, gateway, journal } = options;
  const listeners = new Set<PaymentEventListener>();
  let running: string | undefined;

  const exclusive = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (running) {
      throw new WmqrError('PAYMENT_BUSY', `Cannot start ${what}: ${running} is still running`, {
        details: { running, requested: what },
      });
    }
    running = what;
    try {
      return await fn();
    } finally {
      running = undefined;
    }
  };

  return {
    settings,
    journal,
    get busy() {
      return running !== undefined;
    },
    pay(request, payOptions = {}) {
      return exclusive('a payment', async () => {
        const prepared = preparePayment(request, settings);
        const emitAll: PaymentEventListener = (event) => {
          for (const listener of listeners) listener(event);
        };
        return runPayment(
          { settings, printer, gateway, journal, clock, logger },
          prepared,
          payOptions,
          emitAll,
        );
      });
    },
    recover() {
      return exclusive('recovery', () =>
        recoverPayments({ printer, gateway, journal, clock, logger }),
      );
    },
    setupPaymentNames() {
      return exclusive('payment name setup', () => writePaymentNames(printer, settings));
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
