/**
 * `wmqr setup-payment-names`: writes each enabled payment type's printed name into table 5,
 * row = its payment number, and reads it back, so the receipt shows "СБП" rather than the
 * factory "ЭЛЕКТРОННЫМИ" under the QR payment.
 */
import type { PaySystem, PaymentPrinter } from './ports';
import type { Settings } from './settings/settings';
import { PAY_SYSTEMS } from './ports';

export interface PaymentNameSetup {
  paySystem: PaySystem;
  paymentNumber: number;
  name: string;
  /** What the register holds after writing. */
  readBack: string;
  confirmed: boolean;
}

export async function writePaymentNames(
  printer: PaymentPrinter,
  settings: Settings,
): Promise<PaymentNameSetup[]> {
  const done: PaymentNameSetup[] = [];
  for (const paySystem of PAY_SYSTEMS) {
    const type = settings.paymentTypes[paySystem];
    if (!type) continue;
    await printer.waitUntilReady();
    await printer.writePaymentName(type.paymentNumber, type.name);
    const readBack = await printer.readPaymentName(type.paymentNumber);
    done.push({
      paySystem,
      paymentNumber: type.paymentNumber,
      name: type.name,
      readBack,
      confirmed: sameName(readBack, type.name),
    });
  }
  return done;
}

/** The register pads the field; trailing spaces and NULs are not part of the name. */
function sameName(readBack: string, name: string): boolean {
  const trim = (s: string) => s.replace(/[\s\0]+$/u, '');
  return trim(readBack) === trim(name);
}
