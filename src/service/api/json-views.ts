/**
 * The JSON shapes the API answers with. Amounts go out twice: as exact kopecks (for
 * programs) and as "150.00" rubles (for people); times as ISO 8601 UTC. Nothing from the
 * settings is ever part of an answer, so no secret can be.
 */
import { formatRubles, type Kopecks } from '../../core/money';
import type { PaymentResult } from '../../payment/controller/payment-result';
import type { JournalEntry, JournalEvent } from '../../payment/journal/payment-journal';
import { isFinalState } from '../../payment/journal/journal-states';
import type { PaymentRun, RunEvent } from '../runs/payment-run';

export function runLinks(id: string) {
  const self = `/v1/payments/${encodeURIComponent(id)}`;
  return {
    self,
    events: `${self}/events`,
    cancel: `${self}/cancel`,
    qr: `${self}/qr.svg`,
    display: '/display',
  };
}

export function runView(run: PaymentRun, now: number) {
  const result = run.result;
  return {
    id: run.id,
    paymentId: run.paymentId ?? null,
    status: run.status,
    paySystem: run.spec.paySystem,
    ...money('amount', run.spec.amountKopecks),
    items: run.spec.items.map((item) => ({
      name: item.name,
      ...money('price', item.priceKopecks),
      quantity: formatQuantity(item.quantityMilli),
    })),
    createdAt: iso(run.spec.createdAt),
    deadline: run.deadline === undefined ? null : iso(run.deadline),
    secondsLeft: run.secondsLeft(now) ?? null,
    // Only while it may be paid, like /qr.svg; the qr-ready event carries it for the record.
    qrText: run.status === 'awaiting-payment' ? (run.qrText ?? null) : null,
    cancelRequested: run.cancelRequested,
    lastEvent: run.lastEvent ? run.lastEvent.type : null,
    outcome: result?.outcome ?? null,
    fiscalDocumentNumber: result?.fiscalDocumentNumber ?? null,
    result: result ? resultView(result) : null,
    links: runLinks(run.id),
  };
}

export function resultView(result: PaymentResult) {
  return {
    outcome: result.outcome,
    message: result.message,
    paymentId: result.paymentId ?? null,
    paySystem: result.paySystem,
    paymentNumber: result.paymentNumber,
    ...money('amount', result.amountKopecks),
    ...(result.paidKopecks === undefined ? {} : money('paid', result.paidKopecks)),
    wmTranId: result.wmTranId ?? null,
    fiscalDocumentNumber: result.fiscalDocumentNumber ?? null,
    fiscalSign: result.fiscalSign ?? null,
    reason: result.reason ?? null,
    error: result.error ?? null,
    elapsedMs: result.elapsedMs,
  };
}

/** One event as the SSE `data:` and the replay carry it. */
export function eventView(entry: RunEvent) {
  const { event } = entry;
  const base = { seq: entry.seq, id: entry.runId, at: iso(entry.at) };
  if (event.type === 'finished')
    return { ...base, type: event.type, result: resultView(event.result) };
  const out: Record<string, unknown> = { ...base, ...event };
  // Clock times as ISO text, like everywhere else in the API.
  for (const key of ['deadline', 'payBefore', 'expiresAt'] as const) {
    if (typeof out[key] === 'number') out[key] = iso(out[key] as number);
  }
  return out;
}

export function journalEntryView(entry: JournalEntry) {
  return {
    paymentId: entry.id,
    createdAt: iso(entry.createdAt),
    updatedAt: iso(entry.updatedAt),
    paySystem: entry.paySystem,
    paymentNumber: entry.paymentNumber,
    ...money('amount', entry.amountKopecks),
    ...(entry.paidKopecks === undefined ? {} : money('paid', entry.paidKopecks)),
    state: entry.state,
    finished: isFinalState(entry.state),
    outcome: entry.outcome ?? null,
    gatewayState: entry.gatewayState ?? null,
    wmTranId: entry.wmTranId ?? null,
    fiscalDocumentNumber: entry.fiscalDocumentNumber ?? null,
    fiscalSign: entry.fiscalSign ?? null,
    reason: entry.reason ?? null,
    error: entry.error ?? null,
    description: entry.description,
    items: entry.items.map((item) => ({
      name: item.name,
      ...money('price', item.priceKopecks),
      quantity: formatQuantity(item.quantityMilli),
    })),
    deadline: iso(entry.deadline),
  };
}

export function journalEventView(event: JournalEvent) {
  return {
    seq: event.seq,
    at: iso(event.at),
    step: event.step,
    state: event.state,
    data: event.data ?? null,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** { amount: "150.00", amountKopecks: 15000 } */
function money<K extends string>(name: K, kopecks: Kopecks) {
  return { [name]: formatRubles(kopecks), [`${name}Kopecks`]: kopecks } as Record<K, string> &
    Record<`${K}Kopecks`, number>;
}

/** 1500 thousandths → "1.5"; 2000 → "2". */
function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const rest = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return rest === '' ? String(whole) : `${whole}.${rest}`;
}
