/** Builds a payment service on fakes and a VirtualClock, for the controller's tests. */
import { VirtualClock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import { PaymentJournal } from '../journal/payment-journal';
import { createPaymentService, type PaymentService } from '../payment-service';
import { FakeGateway } from './fake-gateway';
import { FakePrinter } from './fake-printer';
import { testSettings, type TestSettingsOverrides } from './test-settings';
import type { PaymentEvent } from '../controller/payment-events';
import type { PaymentRequest } from '../controller/payment-request';
import type { PaymentResult } from '../controller/payment-result';

export interface Harness {
  clock: VirtualClock;
  printer: FakePrinter;
  gateway: FakeGateway;
  journal: PaymentJournal;
  logger: MemoryLogger;
  service: PaymentService;
  events: PaymentEvent[];
  startedAt: number;
  /** Runs one payment with the clock advancing by itself; resolves with its result. */
  pay(request?: Partial<PaymentRequest>, signal?: AbortSignal): Promise<PaymentResult>;
  close(): void;
}

export function harness(overrides: TestSettingsOverrides = {}): Harness {
  const clock = new VirtualClock();
  const printer = new FakePrinter(clock);
  const gateway = new FakeGateway(clock);
  const journal = PaymentJournal.open(':memory:', { clock });
  const logger = new MemoryLogger();
  const settings = testSettings(overrides);
  const service = createPaymentService({ settings, printer, gateway, journal, clock, logger });
  const events: PaymentEvent[] = [];
  service.on((e) => events.push(e));
  return {
    clock,
    printer,
    gateway,
    journal,
    logger,
    service,
    events,
    startedAt: clock.now(),
    async pay(request = {}, signal) {
      const stop = clock.autoAdvance();
      try {
        return await service.pay(
          { paySystem: 'sbp', amountKopecks: 15000, ...request },
          { signal },
        );
      } finally {
        stop();
      }
    },
    close: () => journal.close(),
  };
}

export function types(events: PaymentEvent[]): string[] {
  return events
    .map((e) => e.type)
    .filter((t, i, all) => t !== 'waiting' || all[i - 1] !== 'waiting');
}
