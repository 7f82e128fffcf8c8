/**
 * Reads a request body as JSON, with a size limit checked both on Content-Length and while
 * streaming (a client may lie or send chunked), so a runaway POS cannot fill the memory.
 * On HTTP_BODY_TOO_LARGE the rest of the body is left unread: answer with Connection: close.
 */
import type { IncomingMessage } from 'node:http';
import { ServiceRequestError } from '../service-errors';

/** Resolves to the parsed body, or undefined when the body is empty. */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);

  const raw = await readLimited(req, limitBytes);
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;

  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ServiceRequestError(
      'HTTP_UNSUPPORTED_MEDIA_TYPE',
      `The body must be JSON sent with "Content-Type: application/json" (got "${type || 'none'}")`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ServiceRequestError(
      'HTTP_BAD_JSON',
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function readLimited(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.pause();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limitBytes: number): ServiceRequestError {
  return new ServiceRequestError(
    'HTTP_BODY_TOO_LARGE',
    `The body is larger than ${limitBytes} bytes: send fewer or shorter receipt lines`,
    { details: { limitBytes } },
  );
}
