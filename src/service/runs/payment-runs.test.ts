import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from '../../core/clock';
import { WmqrError } from '../../core/errors';
import { harness } from '../../payment/testing/payment-harness';
import { PaymentRuns } from './payment-runs';

function runsOn(h: ReturnType<typeof harness>, keep = 5) {
  return new PaymentRuns({ service: h.service, clock: h.clock, logger: h.logger, keep });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as WmqrError).code;
  }
}

test(
  'after stop() no payment starts, ' + 'and a running one ends cancelled by the cashier',
  async (t) => {
    const h = harness();
    t.after(() => h.close());
    const runs = runsOn(h);
    h.gateway.next = { payOnPoll: 99 };
    const { run } = runs.start({ paySystem: 'sbp', amountKopecks: 1000 });
    await settle();

    await runs.stop();

    assert.equal(run.result?.outcome, 'CANCELLED_BY_CASHIER');
    assert.equal(runs.running(), undefined);
    assert.equal(
      codeOf(() => runs.start({ paySystem: 'sbp', amountKopecks: 1000 })),
      'SERVICE_STOPPING',
    );
  },
);

test('the till busy with recovery refuses a payment with PAYMENT_BUSY', async (t) => {
  const h = harness();
  t.after(() => h.close());
  const runs = runsOn(h);
  const recovering = h.service.recover();

  const code = codeOf(() => runs.start({ paySystem: 'sbp', amountKopecks: 1000 }));
  await recovering;

  assert.equal(code, 'PAYMENT_BUSY');
});

test('old finished runs are forgotten beyond the limit, newest kept', async (t) => {
  const h = harness();
  t.after(() => h.close());
  const runs = runsOn(h, 2);
  const ids: string[] = [];

  for (let i = 0; i < 3; i++) {
    h.gateway.next = { payOnPoll: 1 };
    const { run } = runs.start({ paySystem: 'sbp', amountKopecks: 1000 + i });
    ids.push(run.id);
    await run.done;
  }

  assert.deepEqual(
    runs.list().map((r) => r.id),
    [ids[2], ids[1]],
  );
  assert.equal(runs.get(ids[0]), undefined);
});

test('countdown ticks are folded into one kept event, so a long wait stays small', async (t) => {
  const h = harness();
  t.after(() => h.close());
  const runs = runsOn(h);
  h.gateway.next = { payOnPoll: 30 };
  const { run } = runs.start({ paySystem: 'sbp', amountKopecks: 1000 });

  const stop = h.clock.autoAdvance();
  await run.done;
  stop();

  const waiting = run.events.filter((e) => e.event.type === 'waiting');
  assert.equal(run.result?.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(waiting.length, 1);
  assert.ok(run.events.length < 15);
});
