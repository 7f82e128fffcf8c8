import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WmqrError } from '../../core/errors';
import { PaymentRequestError } from '../../payment/controller/payment-request';
import { ServiceRequestError } from '../service-errors';
import { parsePaymentBody, withField } from './payment-body';

function refusal(body: unknown): { code: string; field?: string } {
  try {
    parsePaymentBody(body);
  } catch (error) {
    return { code: (error as WmqrError).code, field: (error as ServiceRequestError).field };
  }
  return { code: 'accepted' };
}

test('turns the body into a payment request, amounts exact to the kopeck', () => {
  const request = parsePaymentBody({
    system: 'wm',
    amount: '1 234,56',
    items: [{ name: ' Сыр ', price: '999.90', quantity: '0.125' }],
    description: 'Заказ 17',
  });

  assert.deepEqual(request, {
    paySystem: 'wm',
    amountKopecks: 123456,
    items: [{ name: 'Сыр', priceKopecks: 99990, quantityMilli: 125 }],
    description: 'Заказ 17',
  });
});

test('names the field of every refusal', () => {
  assert.deepEqual(refusal({ system: 'sbp', amount: '1', amountKopecks: 100 }), {
    code: 'HTTP_FIELD_INVALID',
    field: 'amount',
  });
  assert.deepEqual(refusal({ system: 'sbp', amount: '1', description: 5 }), {
    code: 'HTTP_FIELD_INVALID',
    field: 'description',
  });
  assert.deepEqual(refusal({ system: 'sbp', items: {} }), {
    code: 'HTTP_FIELD_INVALID',
    field: 'items',
  });
  assert.deepEqual(refusal({ system: 'sbp', items: ['Кофе'] }), {
    code: 'HTTP_FIELD_INVALID',
    field: 'items[0]',
  });
  assert.deepEqual(refusal({ system: 'sbp', items: [{ name: 'a', price: '1', qty: 2 }] }), {
    code: 'HTTP_UNKNOWN_FIELD',
    field: 'items[0].qty',
  });
  assert.deepEqual(refusal({ system: 'sbp', items: [{ price: '1' }] }), {
    code: 'HTTP_FIELD_MISSING',
    field: 'items[0].name',
  });
  assert.deepEqual(
    refusal({
      system: 'sbp',
      items: Array.from({ length: 101 }, () => ({ name: 'a', price: '1' })),
    }),
    { code: 'HTTP_FIELD_INVALID', field: 'items' },
  );
  assert.deepEqual(refusal({ system: 'sbp', amountKopecks: '15000' }), {
    code: 'BAD_AMOUNT',
    field: 'amountKopecks',
  });
  assert.deepEqual(refusal('sbp 150'), { code: 'HTTP_BAD_JSON', field: undefined });
  assert.deepEqual(refusal(undefined), { code: 'HTTP_BAD_JSON', field: undefined });
});

test("the payment core's request errors get the field they are about", () => {
  const mismatch = new PaymentRequestError('PAYMENT_ITEMS_TOTAL_MISMATCH', 'no', {
    details: { itemsKopecks: 1, amountKopecks: 2 },
  });

  const mapped = withField(mismatch) as ServiceRequestError;
  const other = new WmqrError('PRINTER_PAPER_OUT', 'paper');

  assert.equal(mapped.code, 'PAYMENT_ITEMS_TOTAL_MISMATCH');
  assert.equal(mapped.field, 'items');
  assert.equal(mapped.details.amountKopecks, 2);
  assert.equal(withField(other), other);
});
