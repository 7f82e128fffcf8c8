/**
 * Control bytes and limits of the Shtrih-M "standard lower level" (vendor protocol v1.17,
 * p. 8, "Стандартный нижний уровень"). Command codes live in commands' own constants.
 */
export const LINK = {
  /** Start of a frame. */
  STX: 0x02,
  /** "Are you there / what do you have?" — the host's question. */
  ENQ: 0x05,
  /** Positive acknowledgement. */
  ACK: 0x06,
  /** Negative acknowledgement (also: "idle, send your command" after ENQ). */
  NAK: 0x15,
  /** Sent once after the host ACKs an answer over TCP/RNDIS; hosts skip it (not in p. 8). */
  TCP_TRAILER: 0xff,
  /** LEN is one byte: CMD + DATA may not exceed it. */
  MAX_FRAME_BODY: 255,
} as const;

/** Default byte timeout (p. 8): the device waits this long between bytes of a frame. */
export const DEFAULT_BYTE_TIMEOUT_MS = 50;

/** Default TCP port of the device (settings table 21). */
export const DEFAULT_TCP_PORT = 7778;

/** Baud codes 0..9 as used in the exchange-settings commands (p. 20). */
export const BAUD_RATES = [
  2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
] as const;
