/** Domain words in steps: payment systems and amounts in rubles (kept exact, as kopecks). */
import { defineParameterType } from '@cucumber/cucumber';
import { parseAmount } from '../../src/core/money';
import { PAY_SYSTEMS } from '../../src/payment/ports';

defineParameterType({
  name: 'system',
  regexp: new RegExp(PAY_SYSTEMS.join('|')),
  transformer: (system: string) => system,
});

defineParameterType({
  name: 'rubles',
  regexp: /\d+\.\d{2}/,
  transformer: (text: string) => parseAmount(text),
});
