/**
 * A typed command: its code, vendor page, answer timeout, a pure request encoder (data after
 * the code) and an answer decoder (data after the code and the error byte). `runCommand`
 * sends it over a link and turns a non-zero error byte into a DeviceError.
 */
import { DeviceError } from '../protocol/device-errors';
import { AnswerDecodeError, ByteReader, ByteWriter } from '../protocol/field-codec';
import { hex } from '../protocol/frame-codec';
import { ANSWER_TIMEOUT_MS, commandBytes, commandHex } from '../protocol/shtrih-constants';

/** A request that carries an operator's password (u32, p. 8), alone or first. */
export interface PasswordRequest {
  password: number;
}

/** An answer whose data starts with the operator who ran the command. */
export interface OperatorAnswer {
  /** Operator number 1..30 that ran the command. */
  operator: number;
}

/** The encoder of a request that is the password only. */
export function encodePassword(r: PasswordRequest, w: ByteWriter): void {
  w.u32(r.password, 'password');
}

/** The decoder of an answer that is the operator byte only. */
export function readOperator(r: ByteReader): OperatorAnswer {
  return { operator: r.u8('operator') };
}

export interface CommandSpec<Req, Ans> {
  readonly code: number;
  readonly name: string;
  /** Page of the vendor text (protocol v1.17) that defines the layout. */
  readonly page: number;
  readonly answerTimeoutMs: number;
  encode(request: Req, writer: ByteWriter): void;
  decode(reader: ByteReader): Ans;
}

/** Fills in the default timeout; keeps the literal types of the spec. */
export function defineCommand<Req, Ans>(
  spec: Omit<CommandSpec<Req, Ans>, 'answerTimeoutMs'> & { answerTimeoutMs?: number },
): CommandSpec<Req, Ans> {
  return { answerTimeoutMs: ANSWER_TIMEOUT_MS.DEFAULT, ...spec };
}

/** The frame body of a request: command code then data. */
export function encodeRequest<Req>(spec: CommandSpec<Req, unknown>, request: Req): Buffer {
  const writer = new ByteWriter();
  spec.encode(request, writer);
  return Buffer.concat([commandBytes(spec.code), writer.toBuffer()]);
}

/**
 * Decodes an answer body: checks the code, throws DeviceError for a non-zero error byte,
 * then decodes the data. Extra trailing bytes are allowed (models append fields, p. 38).
 */
export function decodeAnswer<Ans>(spec: CommandSpec<unknown, Ans>, body: Buffer): Ans {
  const codeBytes = commandBytes(spec.code);
  if (body.length < codeBytes.length + 1 || !body.subarray(0, codeBytes.length).equals(codeBytes)) {
    throw new AnswerDecodeError(
      `Expected an answer to ${commandHex(spec.code)}h, got ${hex(body.subarray(0, 8))}`,
      { command: commandHex(spec.code), answer: hex(body.subarray(0, 8)) },
    );
  }
  const error = body[codeBytes.length]!;
  if (error !== 0) throw new DeviceError(spec.code, error);
  return spec.decode(
    new ByteReader(body.subarray(codeBytes.length + 1), `${commandHex(spec.code)}h`),
  );
}

/** What runCommand needs of a link (HostLink, or a fake in tests). */
export interface CommandLink {
  exchange(
    body: Uint8Array,
    options: { answerTimeoutMs: number; signal?: AbortSignal },
  ): Promise<Buffer>;
}

export async function runCommand<Req, Ans>(
  link: CommandLink,
  spec: CommandSpec<Req, Ans>,
  request: Req,
  options: { signal?: AbortSignal; answerTimeoutMs?: number } = {},
): Promise<Ans> {
  const body = encodeRequest(spec, request);
  const answer = await link.exchange(body, {
    answerTimeoutMs: options.answerTimeoutMs ?? spec.answerTimeoutMs,
    signal: options.signal,
  });
  return decodeAnswer(spec, answer);
}
