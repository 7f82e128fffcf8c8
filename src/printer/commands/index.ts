/** Every typed command the driver speaks, by vendor code. */
export * from './command-spec';
export * from './status-commands';
export * from './print-commands';
export * from './table-commands';
export * from './receipt-commands';
export * from './shift-commands';
export * from './fn-document-commands';
export * from './model-commands';
