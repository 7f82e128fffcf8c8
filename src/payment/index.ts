/** The payment side of the driver: settings, the controller, the journal, recovery. */
export * from './ports';
export { PAYMENT_OUTCOMES, ATTENTION_OUTCOMES, type PaymentOutcome } from './payment-outcome';
export {
  createPaymentService,
  type PaymentService,
  type PaymentServiceOptions,
} from './payment-service';
export {
  openPaymentService,
  openSettingsGateway,
  openSettingsPrinter,
  type ClosableGateway,
  type ClosablePrinter,
  type OpenPaymentServiceOptions,
  type PaymentServiceHandle,
  type WiringOptions,
} from './open-payment-service';
export { writePaymentNames, type PaymentNameSetup } from './payment-names';
export { parseItemSpec } from './item-spec';

export {
  runPayment,
  type PayOptions,
  type PaymentControllerDeps,
} from './controller/payment-controller';
export {
  preparePayment,
  lineTotal,
  PaymentRequestError,
  type PaymentRequest,
  type PreparedPayment,
} from './controller/payment-request';
export type { PaymentResult } from './controller/payment-result';
export {
  summarizeError,
  type CancelCause,
  type ErrorSummary,
  type PaymentEvent,
  type PaymentEventListener,
  type PaymentEventType,
} from './controller/payment-events';
export {
  describeEvent,
  describeOutcome,
  formatLocalTime,
  paySystemName,
  qrSlipLines,
} from './controller/messages';
export {
  recoverPayments,
  type RecoveredPayment,
  type RecoveryAction,
  type RecoveryDeps,
  type RecoveryReport,
} from './controller/recovery';
export { closeReceiptOnce, receiptFor, type ReceiptClosing } from './controller/receipt-closer';
export { CONTROLLER_TIMING } from './controller/controller-timing';

export {
  PaymentJournal,
  type JournalChange,
  type JournalEntry,
  type JournalEvent,
  type NewPayment,
  type OpenJournalOptions,
} from './journal/payment-journal';
export {
  JOURNAL_STATES,
  JOURNAL_STEPS,
  UNFINISHED_STATES,
  isFinalState,
  type JournalState,
  type JournalStep,
} from './journal/journal-states';
export { journalToCsv, CSV_COLUMNS } from './journal/journal-csv';
export { journalToTable } from './journal/journal-table';

export * from './settings/settings';
export {
  SettingsError,
  type SettingsProblem,
  type SettingsWarning,
} from './settings/settings-error';
export {
  validateSettings,
  SETTINGS_KEYS,
  type ValidateOptions,
  type ValidatedSettings,
} from './settings/validate-settings';
export {
  loadSettings,
  resolveConfigPath,
  type LoadSettingsOptions,
  type LoadedSettings,
} from './settings/load-settings';
export { redactSettings } from './settings/redact-settings';
export { checkPaymentName, checkCp1251Text } from './settings/payment-name';

export {
  createPaymentProgress,
  drawQr,
  type PaymentProgress,
  type PaymentProgressOptions,
} from './terminal/payment-progress';
