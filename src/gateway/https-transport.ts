/**
 * One HTTPS POST with mutual TLS over a keep-alive agent. The agent presents the point's
 * certificate and verifies the gateway against the system CAs, or only against `caPem` when
 * one is configured. There is deliberately no way to turn verification off.
 */
import https from 'node:https';
import { GatewayError } from './gateway-error';
import { CONTENT_TYPE, MAX_BODY_BYTES } from './wire';

export interface PointTlsCertificate {
  pfx: Buffer;
  passphrase: string;
}

export interface HttpsTransportOptions {
  certificate: PointTlsCertificate;
  /** The CA(s) the gateway's certificate must chain to, instead of the system CAs. */
  caPem?: string | Buffer;
}

export interface TransportAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

export class HttpsTransport {
  readonly #agent: https.Agent;

  constructor(options: HttpsTransportOptions) {
    this.#agent = new https.Agent({
      keepAlive: true,
      maxSockets: 4,
      pfx: options.certificate.pfx,
      passphrase: options.certificate.passphrase,
      ca: options.caPem,
    });
  }

  /** POSTs `body`; `signal` (timeout, deadline, cashier abort) destroys the request. */
  post(url: URL, body: string, signal: AbortSignal): Promise<TransportAnswer> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const payload = Buffer.from(body, 'utf8');
      const request = https.request(url, {
        method: 'POST',
        agent: this.#agent,
        headers: { 'Content-Type': CONTENT_TYPE, 'Content-Length': payload.length },
      });
      const onAbort = () => request.destroy(new Error('request aborted', { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = (error: unknown, answer?: TransportAnswer) => {
        signal.removeEventListener('abort', onAbort);
        if (answer) resolve(answer);
        else reject(error);
      };

      request.on('error', (error) => finish(error));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            request.destroy(
              new GatewayError(
                'GATEWAY_BAD_ANSWER',
                `the answer is larger than ${MAX_BODY_BYTES} bytes`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error) => finish(error));
        response.on('end', () => {
          finish(undefined, {
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          });
        });
      });
      request.end(payload);
    });
  }

  /** Closes idle keep-alive sockets and refuses new ones. */
  close(): void {
    this.#agent.destroy();
  }
}
