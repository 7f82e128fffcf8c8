/** Builds a payment service on fakes and a VirtualClock, for the controller's tests. */
import { fakePaymentCore, type FakePaymentCore } from './fake-payment-core';
import type { TestSettingsOverrides } from './test-settings';
import type { PaymentEvent } from '../controller/payment-events';
import type { PaymentRequest } from '../controller/payment-request';
import type { PaymentResult } from '../controller/payment-result';

export interface Harness extends FakePaymentCore {
  events: PaymentEvent[];
  startedAt: number;
  /** Runs one payment with the clock advancing by itself; resolves with its result. */
  pay(request?: Partial<PaymentRequest>, signal?: AbortSignal): Promise<PaymentResult>;
  close(): void;
}

export function harness(overrides: TestSettingsOverrides = {}): Harness {
  const core = fakePaymentCore(overrides);
  const { clock, service, journal } = core;
  const events: PaymentEvent[] = [];
  service.on((e) => events.push(e));
  return {
    ...core,
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
