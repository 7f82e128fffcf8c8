/** The local HTTP service and customer display (docs/http-api.md). */
export {
  startPaymentHttpService,
  type PaymentHttpService,
  type PaymentHttpServiceOptions,
} from './payment-http-service';
export {
  resolveServiceSettings,
  isLoopbackHost,
  SERVICE_DEFAULTS,
  SERVICE_ENV,
  SERVICE_LIMITS,
  type ServiceSettings,
  type ServiceSettingsSources,
} from './service-settings';
export { ServiceRequestError, HTTP_STATUS_BY_CODE, httpStatusFor } from './service-errors';
export { PaymentRuns } from './runs/payment-runs';
export { PaymentRun, RUN_STATUSES, type RunStatus, type RunEvent } from './runs/payment-run';
export { DISPLAY_STATUSES, type DisplayState, type DisplayStatus } from './display/display-state';
