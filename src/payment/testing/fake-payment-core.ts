/**
 * The payment core on fakes, for tests: FakePrinter, FakeGateway and an in-memory
 * journal on one VirtualClock, with the test settings. The controller's and the
 * HTTP service's test harnesses both stand on it.
 */
import { VirtualClock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import { PaymentJournal } from '../journal/payment-journal';
import { createPaymentService, type PaymentService } from '../payment-service';
import { FakeGateway } from './fake-gateway';
import { FakePrinter } from './fake-printer';
import { testSettings, type TestSettingsOverrides } from './test-settings';

export interface FakePaymentCore {
  clock: VirtualClock;
  printer: FakePrinter;
  gateway: FakeGateway;
  journal: PaymentJournal;
  logger: MemoryLogger;
  service: PaymentService;
}

export function fakePaymentCore(overrides: TestSettingsOverrides = {}): FakePaymentCore {
  const clock = new VirtualClock();
  const printer = new FakePrinter(clock);
  const gateway = new FakeGateway(clock);
  const journal = PaymentJournal.open(':memory:', { clock });
  const logger = new MemoryLogger();
  const settings = testSettings(overrides);
  const service = createPaymentService({ settings, printer, gateway, journal, clock, logger });
  return { clock, printer, gateway, journal, logger, service };
}
