/**
 * What the customer display shows at a moment, derived from the current run: one status,
 * its two lines of text, the amount, the payment system, the seconds left and the QR. The
 * page renders this object, first on the server and then on every update it receives.
 */
import { formatRubles } from '../../core/money';
import { paySystemName } from '../../payment/controller/messages';
import type { QrDisplay, QrErrorCorrection } from '../../payment/settings/settings';
import type { PaymentRun } from '../runs/payment-run';
import { DISPLAY_TEXTS, type DisplayLang } from './display-texts';
import { renderQrSvg } from './qr-svg';

export const DISPLAY_STATUSES = [
  'idle',
  'preparing',
  'waiting',
  'checking',
  'paid',
  'attention',
  'declined',
  'timed-out',
  'cancelled',
  'failed',
] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

export interface DisplayState {
  status: DisplayStatus;
  /** The run shown; null when idle. */
  runId: string | null;
  title: string;
  detail: string;
  /** "150.00 ₽"; null when idle. */
  amount: string | null;
  amountLabel: string;
  system: string | null;
  secondsLeft: number | null;
  /** "Осталось {n} с": the page fills in the seconds as it counts down. */
  countdown: string;
  /** Inline SVG of the QR while the customer may pay it on this screen; else null. */
  qrSvg: string | null;
  /** The run has ended: the page goes back to idle after `holdMs`. */
  final: boolean;
  holdMs: number | null;
}

export const DISPLAY_TIMING = {
  /** How long the outcome stays on the screen before the display goes idle. */
  holdFinalMs: 30_000,
} as const;

export interface DisplayOptions {
  /** Where the settings send the QR: with "tape" the display does not repeat it. */
  qrDisplay: QrDisplay;
  errorCorrection: QrErrorCorrection;
}

export async function displayState(
  run: PaymentRun | undefined,
  now: number,
  lang: DisplayLang,
  options: DisplayOptions,
): Promise<DisplayState> {
  const t = DISPLAY_TEXTS[lang];
  const base = {
    amountLabel: t.amountLabel,
    countdown: t.countdown,
    secondsLeft: null,
    qrSvg: null,
    final: false,
    holdMs: null,
  };
  const heldUntil = (run?.endedAt ?? Number.POSITIVE_INFINITY) + DISPLAY_TIMING.holdFinalMs;
  if (!run || now >= heldUntil) {
    return {
      ...base,
      status: 'idle',
      runId: null,
      title: t.idleTitle,
      detail: t.idleDetail,
      amount: null,
      system: null,
    };
  }

  const system = paySystemName(run.spec.paySystem, lang);
  const shown = {
    ...base,
    runId: run.id,
    amount: `${formatRubles(run.spec.amountKopecks)} ${t.currency}`,
    system,
  };
  const ended = (status: DisplayStatus, title: string, detail: string): DisplayState => ({
    ...shown,
    status,
    title,
    detail,
    final: true,
    holdMs: heldUntil - now,
  });

  switch (run.status) {
    case 'starting':
    case 'creating-qr':
      return { ...shown, status: 'preparing', title: t.preparingTitle, detail: t.preparingDetail };
    case 'awaiting-payment': {
      const onScreen = options.qrDisplay !== 'tape' && run.qrText !== undefined;
      return {
        ...shown,
        status: 'waiting',
        title: t.waitingTitle,
        detail: onScreen ? t.waitingDetail(system) : t.waitingTapeDetail(system),
        secondsLeft: run.secondsLeft(now) ?? null,
        qrSvg: onScreen
          ? await renderQrSvg(run.qrText as string, options.errorCorrection, t.qrLabel)
          : null,
      };
    }
    case 'cancelling':
      return { ...shown, status: 'checking', title: t.checkingTitle, detail: t.checkingDetail };
    case 'paid':
      // A sum other than asked is for the cashier to sort out, not a "thank you".
      return run.paidKopecks === run.spec.amountKopecks
        ? { ...shown, status: 'paid', title: t.paidTitle, detail: t.paidPrintingDetail }
        : { ...shown, status: 'checking', title: t.checkingTitle, detail: t.checkingDetail };
    case 'finished':
      break;
  }

  const result = run.result;
  switch (result?.outcome) {
    case 'PAID_RECEIPT_CLOSED':
      return ended('paid', t.paidTitle, t.paidDetail);
    case 'PAID_RECEIPT_OWED':
      return ended('paid', t.paidTitle, t.paidReceiptLaterDetail);
    case 'DECLINED':
      return ended('declined', t.declinedTitle, t.declinedDetail(result.reason ?? '—'));
    case 'TIMED_OUT':
      return ended('timed-out', t.timedOutTitle, t.timedOutDetail);
    case 'CANCELLED_BY_CASHIER':
      return ended('cancelled', t.cancelledTitle, t.cancelledDetail);
    case 'FAILED':
      return ended('failed', t.failedTitle, t.failedDetail);
    default:
      // PAID_AMOUNT_MISMATCH, UNRESOLVED: only a person can say what happened.
      return ended('attention', t.attentionTitle, t.attentionDetail);
  }
}
