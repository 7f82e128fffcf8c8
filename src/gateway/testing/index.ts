/** Helpers for tests of the gateway client and the mock gateway (tests only). */
export { rejection } from './rejection';
export { until } from './until';
