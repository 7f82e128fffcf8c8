/**
 * What `wmqr demo` says and sells, in Russian (default) and English. The payment's own lines
 * (countdown, outcome, the QR slip) come from the payment core in the same language.
 */
import type { ReceiptItem } from '../../src/payment/ports';

export type DemoLang = 'ru' | 'en';

export interface DemoTexts {
  title: string;
  offline: string;
  stand: (emulator: string, gateway: string) => string;
  settings: (file: string) => string;
  shortWait: (seconds: number) => string;
  recovered: (id: string, from: string, to: string) => string;
  names: string;
  sale: string;
  total: (rubles: string) => string;
  customerPays: (seconds: number) => string;
  customerDeclines: (seconds: number) => string;
  customerWaits: string;
  declineReason: string;
  tape: string;
  tapeFiles: (png: string, text: string) => string;
  journal: (file: string) => string;
  sampleSale: ReceiptItem[];
}

export const DEMO_TEXTS: Record<DemoLang, DemoTexts> = {
  ru: {
    title: 'wmqr demo: оплата по QR-коду через шлюз WebMoney',
    offline:
      'Эмулятор ККТ Штрих-М и тестовый шлюз WebMoney работают внутри этой программы: ' +
      'ничего не уходит в сеть, деньги не настоящие.',
    stand: (emulator, gateway) => `ККТ: ${emulator}   шлюз: ${gateway}`,
    settings: (file) =>
      `Настройки: ${file} (типы оплаты можно менять; адреса обновляются при каждом запуске)`,
    shortWait: (s) => `Время ожидания оплаты в демо сокращено до ${s} с (в магазине — от 120 с).`,
    recovered: (id, from, to) => `Незавершённый платёж ${id} из прошлого запуска: ${from} → ${to}`,
    names: 'Названия типов оплаты записаны в ККТ (таблица 5):',
    sale: 'Продажа:',
    total: (rub) => `Итого: ${rub} руб.`,
    customerPays: (s) => `(демо) Покупатель сканирует QR-код и оплатит через ${s} с.`,
    customerDeclines: (s) => `(демо) Покупатель сканирует QR-код; через ${s} с банк откажет.`,
    customerWaits: '(демо) Покупатель не платит: ждём, пока истечёт время.',
    declineReason: 'Недостаточно средств',
    tape: 'Лента принтера:',
    tapeFiles: (png, text) => `Картинка ленты: ${png}\nТекст ленты:    ${text}`,
    journal: (file) => `Журнал платежей: wmqr journal --config ${file}`,
    sampleSale: [
      { name: 'Кофе латте', priceKopecks: 18000, quantityMilli: 1000 },
      { name: 'Круассан', priceKopecks: 9550, quantityMilli: 2000 },
      { name: 'Вода 0,5 л', priceKopecks: 6000, quantityMilli: 1000 },
    ],
  },
  en: {
    title: 'wmqr demo: a QR payment through the WebMoney gateway',
    offline:
      'The Shtrih-M register emulator and a mock WebMoney gateway run inside this program: ' +
      'nothing goes to the network and no real money moves.',
    stand: (emulator, gateway) => `register: ${emulator}   gateway: ${gateway}`,
    settings: (file) =>
      `Settings: ${file} (edit the payment types if you like; addresses are refreshed each run)`,
    shortWait: (s) => `The demo waits only ${s} s for the payment (a shop waits 120 s or more).`,
    recovered: (id, from, to) => `Unfinished payment ${id} from an earlier run: ${from} -> ${to}`,
    names: 'Payment type names written to the register (table 5):',
    sale: 'The sale:',
    total: (rub) => `Total: ${rub} RUB`,
    customerPays: (s) => `(demo) The customer scans the QR code and pays in ${s} s.`,
    customerDeclines: (s) => `(demo) The customer scans the QR code; in ${s} s the bank declines.`,
    customerWaits: '(demo) The customer does not pay: waiting for the time to run out.',
    declineReason: 'Insufficient funds',
    tape: 'The printed tape:',
    tapeFiles: (png, text) => `Tape picture: ${png}\nTape text:    ${text}`,
    journal: (file) => `Payment journal: wmqr journal --config ${file}`,
    sampleSale: [
      { name: 'Latte', priceKopecks: 18000, quantityMilli: 1000 },
      { name: 'Croissant', priceKopecks: 9550, quantityMilli: 2000 },
      { name: 'Water 0.5 l', priceKopecks: 6000, quantityMilli: 1000 },
    ],
  },
};
