import { WmqrError } from '../../core/errors';

/**
 * A message that breaks the wire format: malformed XML, a missing or badly formatted field,
 * an unknown state, an answer to another request. The client turns it into a GatewayError
 * (GATEWAY_BAD_ANSWER); the mock gateway answers it with retval -1.
 */
export class WireFormatError extends WmqrError {
  /** The element or attribute at fault, as a path: "payment/state", "payment/@id". */
  readonly field?: string;

  constructor(message: string, field?: string) {
    super('WIRE_FORMAT', message, { details: field === undefined ? {} : { field } });
    this.field = field;
  }
}
