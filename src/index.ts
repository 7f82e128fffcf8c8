/**
 * webmoney-qr-pos as a library. Most programs need only the payment service:
 *
 *   const { settings } = loadSettings({ file: 'wmqr.config.json' });
 *   const pos = await openPaymentService(settings);
 *   await pos.service.recover();
 *   const result = await pos.service.pay({ paySystem: 'sbp', amountKopecks: 15000 });
 *
 * The printer driver and the gateway client are exported as namespaces for programs that use
 * one of them on its own. The simulators (emulator, mock gateway) are not part of this entry
 * point: import them from `webmoney-qr-pos/dist/simulator/...` in tests.
 */
export * from './payment';
export * as printer from './printer';
export * as gateway from './gateway';
export { WmqrError, AbortedError, NotImplementedError } from './core/errors';
export { systemClock, VirtualClock, sleep, type Clock, type TimerHandle } from './core/clock';
export {
  createJsonLogger,
  MemoryLogger,
  silentLogger,
  redact,
  type Logger,
  type LogLevel,
} from './core/logger';
export { parseAmount, formatRubles, formatGatewayAmount, type Kopecks } from './core/money';
