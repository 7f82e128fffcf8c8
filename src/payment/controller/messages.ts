/**
 * Everything shop staff and customers read: the QR slip on the tape and the cashier's
 * messages. Russian by default, English available (settings.locale).
 */
import { formatRubles, type Kopecks } from '../../core/money';
import type { PaySystem } from '../ports';
import type { PaymentOutcome } from '../payment-outcome';
import type { Locale } from '../settings/settings';
import type { PaymentEvent } from './payment-events';
import type { PaymentResult } from './payment-result';

const PAY_SYSTEM_NAMES: Record<PaySystem, Record<Locale, string>> = {
  sbp: { ru: 'СБП', en: 'SBP (Faster Payments)' },
  wm: { ru: 'WebMoney', en: 'WebMoney' },
  wechat: { ru: 'WeChat Pay', en: 'WeChat Pay' },
  alipay: { ru: 'Alipay', en: 'Alipay' },
};

const TEXTS = {
  ru: {
    defaultItem: 'Товар',
    slipTitle: 'ОПЛАТА ПО QR-КОДУ',
    slipSystem: (name: string) => `Система: ${name}`,
    slipAmount: (rub: string) => `Сумма: ${rub} руб.`,
    slipPayBefore: (time: string) => `Оплатите до ${time}`,
    slipHint: 'Отсканируйте код в приложении',
    slipPayment: (id: string) => `Платёж ${id}`,
    seconds: (n: number) => `${n} с`,
  },
  en: {
    defaultItem: 'Goods',
    slipTitle: 'PAY BY QR CODE',
    slipSystem: (name: string) => `System: ${name}`,
    slipAmount: (rub: string) => `Amount: ${rub} RUB`,
    slipPayBefore: (time: string) => `Pay before ${time}`,
    slipHint: 'Scan the code with your app',
    slipPayment: (id: string) => `Payment ${id}`,
    seconds: (n: number) => `${n} s`,
  },
} as const;

export function text(locale: Locale) {
  return TEXTS[locale];
}

export function paySystemName(system: PaySystem, locale: Locale): string {
  return PAY_SYSTEM_NAMES[system][locale];
}

/** Local wall-clock time "HH:MM" of a clock reading (the till's time zone). */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Lines printed above and below the QR code on the tape. */
export function qrSlipLines(
  slip: { paymentId: string; paySystem: PaySystem; amountKopecks: Kopecks; payBefore: number },
  locale: Locale,
): { above: string[]; below: string[] } {
  const t = TEXTS[locale];
  return {
    above: [
      t.slipTitle,
      t.slipSystem(paySystemName(slip.paySystem, locale)),
      t.slipAmount(formatRubles(slip.amountKopecks)),
    ],
    below: [
      t.slipPayBefore(formatLocalTime(slip.payBefore)),
      t.slipHint,
      t.slipPayment(slip.paymentId),
    ],
  };
}

/** One line for the cashier about an event, in the chosen language. */
export function describeEvent(event: PaymentEvent, locale: Locale): string {
  const ru = locale === 'ru';
  switch (event.type) {
    case 'creating-qr':
      return ru ? 'Запрос QR-кода…' : 'Requesting the QR code…';
    case 'qr-ready':
      return ru ? 'QR-код готов' : 'The QR code is ready';
    case 'qr-printed':
      return ru
        ? 'QR-код напечатан: передайте его покупателю'
        : 'QR code printed: hand it to the customer';
    case 'waiting':
      return ru
        ? `Ожидание оплаты: осталось ${TEXTS.ru.seconds(event.secondsLeft)}`
        : `Waiting for the payment: ${TEXTS.en.seconds(event.secondsLeft)} left`;
    case 'printer-waiting':
      return ru
        ? `Принтер не готов (${event.error.message}); проверьте бумагу, ожидание…`
        : `The printer is not ready (${event.error.message}); check the paper, waiting…`;
    case 'cancelling':
      return ru ? 'Отмена QR-кода в шлюзе…' : 'Cancelling the QR code at the gateway…';
    case 'paid':
      return ru
        ? `Оплачено ${formatRubles(event.paidKopecks)} руб.`
        : `Paid ${formatRubles(event.paidKopecks)} RUB`;
    case 'declined':
      return ru ? `Оплата отклонена: ${event.reason}` : `The payment was declined: ${event.reason}`;
    case 'timed-out':
      return ru ? 'Время ожидания оплаты истекло' : 'The time to pay ran out';
    case 'cancelled':
      return ru ? 'QR-код отменён' : 'The QR code was cancelled';
    case 'printing-receipt':
      return ru ? 'Печать чека…' : 'Printing the receipt…';
    case 'receipt-closed': {
      const doc = event.documentNumber;
      return ru
        ? `Чек закрыт${doc === undefined ? '' : `, ФД № ${doc}`}`
        : `Receipt closed${doc === undefined ? '' : `, document no. ${doc}`}`;
    }
    case 'needs-attention':
      return ru ? `Требуется внимание: ${event.message}` : `Needs attention: ${event.message}`;
    case 'finished':
      return event.result.message;
  }
}

/** The cashier's summary of a result. */
export function describeOutcome(
  outcome: PaymentOutcome,
  r: Omit<PaymentResult, 'message' | 'outcome'>,
  locale: Locale,
): string {
  const ru = locale === 'ru';
  const id = r.paymentId ?? '-';
  const paid = r.paidKopecks === undefined ? '?' : formatRubles(r.paidKopecks);
  const amount = formatRubles(r.amountKopecks);
  const doc = r.fiscalDocumentNumber;
  const why = r.error?.cashier ?? r.error?.message ?? '';
  switch (outcome) {
    case 'PAID_RECEIPT_CLOSED':
      return ru
        ? `Оплачено ${amount} руб. Чек закрыт${doc ? `, ФД № ${doc}` : ''}.`
        : `Paid ${amount} RUB. Receipt closed${doc ? `, document no. ${doc}` : ''}.`;
    case 'DECLINED':
      return ru
        ? `Оплата отклонена: ${r.reason ?? 'причина не указана'}. ` +
            'Чек не печатается; выберите другой способ оплаты.'
        : `The payment was declined: ${r.reason ?? 'no reason given'}. ` +
            'No receipt; choose another way to pay.';
    case 'TIMED_OUT':
      return ru
        ? 'Покупатель не оплатил вовремя. QR-код отменён, чек не печатается.'
        : 'The customer did not pay in time. The QR code was cancelled; no receipt.';
    case 'CANCELLED_BY_CASHIER':
      return ru
        ? 'Оплата отменена кассиром. QR-код отменён, чек не печатается.'
        : 'Cancelled by the cashier. The QR code was cancelled; no receipt.';
    case 'PAID_RECEIPT_OWED':
      return ru
        ? `Деньги получены (${paid} руб.), но чек не напечатан. ` +
            `Платёж ${id} сохранён: проверьте принтер и выполните «wmqr recover».`
        : `The money arrived (${paid} RUB) but the receipt was not printed. ` +
            `Payment ${id} is kept: check the printer and run "wmqr recover".`;
    case 'PAID_AMOUNT_MISMATCH':
      return ru
        ? `Оплачено ${paid} руб. вместо ${amount} руб. ` +
            `Чек не печатается; обратитесь к администратору (платёж ${id}).`
        : `Paid ${paid} RUB instead of ${amount} RUB. ` +
            `No receipt; ask the administrator (payment ${id}).`;
    case 'UNRESOLVED':
      return ru
        ? 'Шлюз не сообщил итог оплаты. ' +
            `Не отдавайте товар; итог выяснит «wmqr recover» (платёж ${id}).`
        : 'The gateway did not say how the payment ended. Do not hand over the goods; ' +
            `"wmqr recover" will find out (payment ${id}).`;
    case 'FAILED':
      return ru
        ? `Оплата по QR не выполнена, деньги не списаны. ${why}`
        : `The QR payment did not go through; nothing was charged. ${why}`;
  }
}
