import type { Kopecks } from '../../src/core/money';
import type { PaySystem } from '../../src/payment/ports';
import type { GatewayOperation } from '../../src/gateway/wire';
import type { FailureKind } from './payment-script';

/** One request the mock gateway received, filled in as it is handled. */
export interface RecordedRequest {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  op: GatewayOperation;
  /** Arrival time on the mock's clock. */
  at: number;
  /** What could be read of the request (absent when it did not decode). */
  reqn?: string;
  point?: string;
  agent?: string;
  id?: string;
  paySystem?: PaySystem;
  amountKopecks?: Kopecks;
  /** Subject CN of the client certificate, when one was presented and trusted. */
  certificateCN?: string;
  /** retval of the XML answer; absent while pending or when a failure replaced it. */
  answeredRetval?: number;
  retdesc?: string;
  /** HTTP status sent; absent while pending or after a reset. */
  httpStatus?: number;
  /** The scripted failure that replaced the answer, if any. */
  failure?: FailureKind;
  /** When the answer left, on the mock's clock. */
  answeredAt?: number;
}
