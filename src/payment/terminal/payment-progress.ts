/**
 * Follows a payment on a terminal: a spinner with the seconds left on a TTY, plain lines
 * (one every 10 s) when the output is a file or a pipe, and the QR code drawn with block
 * characters when the terminal stands in for the customer display.
 */
import QRCode from 'qrcode';
import { describeEvent } from '../controller/messages';
import type { PaymentEvent } from '../controller/payment-events';
import type { Locale } from '../settings/settings';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface PaymentProgressOptions {
  locale: Locale;
  /** Draw the QR code in the terminal (for display "display" or "both"). */
  drawQr: boolean;
  /** Plain-line countdown step in seconds (not a TTY). */
  plainEverySeconds?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface PaymentProgress {
  onEvent(event: PaymentEvent): void;
  /** Ends a pending spinner line. */
  done(): void;
}

export function createPaymentProgress(
  out: ProgressOutput,
  options: PaymentProgressOptions,
): PaymentProgress {
  const tty = out.isTTY === true;
  const every = options.plainEverySeconds ?? 10;
  let frame = 0;
  let spinning = false;
  let lastPlain: number | undefined;

  const endSpin = () => {
    if (spinning) out.write('\r\x1b[2K');
    spinning = false;
  };
  const line = (text: string) => {
    endSpin();
    out.write(`${text}\n`);
  };

  return {
    onEvent(event) {
      if (event.type === 'finished') return endSpin();
      const text = describeEvent(event, options.locale);
      if (event.type === 'waiting') {
        if (tty) {
          out.write(`\r\x1b[2K${SPINNER[frame++ % SPINNER.length]} ${text}`);
          spinning = true;
        } else if (lastPlain === undefined || lastPlain - event.secondsLeft >= every) {
          lastPlain = event.secondsLeft;
          line(text);
        }
        return;
      }
      line(text);
      if (event.type === 'qr-ready') {
        line(`QR: ${event.qrText}`);
        if (options.drawQr) line(drawQr(event.qrText));
      }
    },
    done: endSpin,
  };
}

/** The QR code as text, two modules per character row, with a quiet zone. */
export function drawQr(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 2;
  const dark = (r: number, c: number) =>
    r >= 0 && c >= 0 && r < size && c < size && modules.get(r, c) === 1;
  const rows: string[] = [];
  for (let r = -quiet; r < size + quiet; r += 2) {
    let row = '';
    for (let c = -quiet; c < size + quiet; c++) {
      // Light modules are drawn as blocks: on the usual dark terminal that shows a normal QR.
      const top = !dark(r, c);
      const bottom = !dark(r + 1, c);
      row += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    rows.push(row);
  }
  return rows.join('\n');
}
