/**
 * QR texts in each payment system's real-world format, derived from the payment so the same
 * payment always gets the same text. Banks and apps would reject them: the tokens are random.
 */
import { createHash } from 'node:crypto';
import type { Kopecks } from '../../src/core/money';
import type { PaySystem } from '../../src/payment/ports';

/** SBP member id printed in the link; a made-up 12-digit participant number. */
export const MOCK_SBP_BANK = '100000000999';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function qrTextFor(paySystem: PaySystem, seed: string, amountKopecks: Kopecks): string {
  const bytes = createHash('sha256').update(seed).digest();
  const token = (alphabet: string, length: number) =>
    Array.from({ length }, (_, i) => alphabet[bytes[i % bytes.length] % alphabet.length]).join('');

  switch (paySystem) {
    case 'sbp': {
      // "AD": a dynamic SBP link (one payment, fixed sum); the id is 32 characters.
      const head =
        `https://qr.nspk.ru/AD${token(UPPER, 30)}?type=02&bank=${MOCK_SBP_BANK}` +
        `&sum=${amountKopecks}&cur=RUB`;
      return `${head}&crc=${crc16(head)}`;
    }
    case 'wm': {
      const hex = bytes.toString('hex');
      // A GUID: 8-4-4-4-12 hex digits.
      const gid = [
        [0, 8],
        [8, 12],
        [12, 16],
        [16, 20],
        [20, 32],
      ]
        .map(([from, to]) => hex.slice(from, to))
        .join('-');
      return `https://merchant.webmoney.ru/lmi/payment.asp?gid=${gid}`;
    }
    case 'wechat':
      return `weixin://wxpay/bizpayurl?pr=${token(MIXED, 7)}`;
    case 'alipay':
      return `https://qr.alipay.com/bax0${token(LOWER, 20)}`;
  }
}

/** CRC-16/CCITT-FALSE as 4 uppercase hex digits. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
