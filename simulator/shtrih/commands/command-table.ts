/** Every command the emulator answers, by code (two-byte codes as 0xFFxx). */
import type { CommandHandler } from '../fiscal-device';
import { STATUS_COMMANDS } from './status-commands';
import { PRINT_COMMANDS } from './print-commands';
import { TABLE_COMMANDS } from './table-commands';
import { RECEIPT_COMMANDS } from './receipt-commands';
import { SHIFT_COMMANDS } from './shift-commands';
import { FN_DOCUMENT_COMMANDS } from './fn-document-commands';
import { MODEL_COMMANDS } from './model-commands';

export const COMMAND_HANDLERS: Readonly<Record<number, CommandHandler>> = {
  ...STATUS_COMMANDS,
  ...PRINT_COMMANDS,
  ...TABLE_COMMANDS,
  ...RECEIPT_COMMANDS,
  ...SHIFT_COMMANDS,
  ...FN_DOCUMENT_COMMANDS,
  ...MODEL_COMMANDS,
};
