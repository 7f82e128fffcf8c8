/** What the route handlers of the HTTP service share. */
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { PaymentService } from '../payment/payment-service';
import type { EventStream } from './http/event-stream';
import type { PaymentRuns } from './runs/payment-runs';

export interface ServiceContext {
  service: PaymentService;
  runs: PaymentRuns;
  /** The payments' clock: seconds left, times in answers. */
  clock: Clock;
  /** Real time for keep-alive comments on event streams. */
  ioClock: Clock;
  logger: Logger;
  bodyLimitBytes: number;
  heartbeatMs: number;
  version: string;
  /** Open event streams, ended when the service stops. */
  streams: Set<EventStream>;
}
