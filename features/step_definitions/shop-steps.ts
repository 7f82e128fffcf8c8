/** Setting up the shop: payment types, the sale, the wait time, names in the register. */
import { Given, type DataTable } from '@cucumber/cucumber';
import type { Kopecks } from '../../src/core/money';
import type { PaySystem } from '../../src/payment/ports';
import type { ShopPaymentType } from '../../simulator/sandbox';
import type { ShopWorld } from '../support/world';

Given('a shop whose QR payment types are set up as:', function (this: ShopWorld, table: DataTable) {
  this.setPaymentTypes(paymentTypes(table));
});

Given('a sale of {string} for {rubles}', function (this: ShopWorld, name: string, price: Kopecks) {
  this.setSale([{ name, priceKopecks: price, quantityMilli: 1000 }]);
});

Given('the payment wait time is {int} seconds', function (this: ShopWorld, seconds: number) {
  this.setWaitSeconds(seconds);
});

Given('the payment type names are written to the printer', function (this: ShopWorld) {
  return this.writePaymentNames();
});

function paymentTypes(table: DataTable): Partial<Record<PaySystem, ShopPaymentType>> {
  return Object.fromEntries(
    table
      .hashes()
      .map((row) => [
        row.system,
        { paymentNumber: Number(row['payment number']), name: row['printed name'] },
      ]),
  );
}
