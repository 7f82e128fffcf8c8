/**
 * Every error code of the vendor text ("Коды ошибок", p. 67-70 of protocol v1.17), with the
 * source (fiscal drive or the register itself), the meaning in Russian as the vendor words it
 * and in English. An answer with a non-zero error byte becomes a DeviceError.
 */
import { WmqrError } from '../../core/errors';
import { commandHex } from './shtrih-constants';

export type ErrorSource = 'fn' | 'kkt';

export interface DeviceErrorInfo {
  code: number;
  source: ErrorSource;
  ru: string;
  en: string;
}

// [code, source, Russian, English]; page numbers are those of the vendor table.
const TABLE: ReadonlyArray<readonly [number, ErrorSource, string, string]> = [
  // p. 67: fiscal drive (ФН) errors
  [0x00, 'fn', 'Ошибок нет', 'No error'],
  [
    0x01,
    'fn',
    'Неизвестная команда, неверный формат посылки или неизвестные параметры',
    'Unknown command, wrong message format or unknown parameters',
  ],
  [0x02, 'fn', 'Другое состояние ФН', 'The fiscal drive is in another state'],
  [0x03, 'fn', 'Отказ ФН', 'Fiscal drive failure'],
  [0x04, 'fn', 'Отказ КС', 'Crypto-processor failure'],
  [
    0x05,
    'fn',
    'Параметры команды не соответствуют сроку жизни ФН',
    'Command parameters do not match the fiscal drive life phase',
  ],
  [0x07, 'fn', 'Неверные дата и/или время', 'Wrong date and/or time'],
  [0x08, 'fn', 'Нет запрошенных данных', 'The requested data is not in the fiscal drive archive'],
  [0x09, 'fn', 'Некорректное значение параметров команды', 'Invalid command parameter values'],
  [0x10, 'fn', 'Превышение размеров TLV данных', 'TLV data too large'],
  [0x11, 'fn', 'Нет транспортного соединения', 'No transport connection to the OFD'],
  [
    0x12,
    'fn',
    'Исчерпан ресурс ФН',
    'Fiscal drive resource exhausted: the fiscal mode must be closed',
  ],
  [0x14, 'fn', 'Ограничение ресурса ФН', 'Fiscal drive storage for OFD documents is full'],
  [0x16, 'fn', 'Продолжительность смены более 24 часов', 'The shift has lasted more than 24 hours'],
  [
    0x17,
    'fn',
    'Некорректные данные о промежутке времени между фискальными документами',
    'Wrong time interval between fiscal documents',
  ],
  // p. 68
  [
    0x20,
    'fn',
    'Сообщение от ОФД не может быть принято',
    'The message from the OFD cannot be accepted',
  ],
  [0x2f, 'kkt', 'Таймаут обмена с ФН', 'Timeout talking to the fiscal drive'],
  [0x30, 'kkt', 'ФН не отвечает', 'The fiscal drive does not answer'],
  [0x33, 'kkt', 'Некорректные параметры в команде', 'Invalid parameters in the command'],
  [0x34, 'kkt', 'Нет данных', 'No data'],
  [
    0x35,
    'kkt',
    'Некорректный параметр при данных настройках',
    'Parameter invalid for the current settings',
  ],
  [
    0x36,
    'kkt',
    'Некорректные параметры в команде для данной реализации ККТ',
    'Parameters invalid for this register model',
  ],
  [
    0x37,
    'kkt',
    'Команда не поддерживается в данной реализации ККТ',
    'Command not supported by this register model',
  ],
  [0x38, 'kkt', 'Ошибка в ПЗУ', 'ROM error'],
  [0x39, 'kkt', 'Внутренняя ошибка ПО ККТ', 'Internal firmware error'],
  [0x3a, 'kkt', 'Переполнение накопления по надбавкам в смене', 'Shift surcharge total overflow'],
  [0x3c, 'kkt', 'Смена открыта, операция невозможна', 'Shift is open: operation impossible'],
  // The v1.17 text repeats 3Ch's wording here; devices and every driver mean "not open".
  [0x3d, 'kkt', 'Смена не открыта, операция невозможна', 'Shift is not open: operation impossible'],
  [0x3e, 'kkt', 'Переполнение накопления по секциям в смене', 'Shift department total overflow'],
  [0x3f, 'kkt', 'Переполнение накопления по скидкам в смене', 'Shift discount total overflow'],
  [0x40, 'kkt', 'Переполнение диапазона скидок', 'Discount out of range'],
  [0x41, 'kkt', 'Переполнение диапазона оплаты наличными', 'Cash payment out of range'],
  [0x42, 'kkt', 'Переполнение диапазона оплаты типом 2', 'Payment type 2 out of range'],
  [0x43, 'kkt', 'Переполнение диапазона оплаты типом 3', 'Payment type 3 out of range'],
  [0x44, 'kkt', 'Переполнение диапазона оплаты типом 4', 'Payment type 4 out of range'],
  [
    0x45,
    'kkt',
    'Cумма всех типов оплаты меньше итога чека',
    'The payment sums are less than the receipt total',
  ],
  [0x46, 'kkt', 'Не хватает наличности в кассе', 'Not enough cash in the drawer'],
  [0x47, 'kkt', 'Переполнение накопления по налогам в смене', 'Shift tax total overflow'],
  [0x48, 'kkt', 'Переполнение итога чека', 'Receipt total overflow'],
  [
    0x49,
    'kkt',
    'Операция невозможна в открытом чеке данного типа',
    'Operation impossible in an open receipt of this type',
  ],
  [0x4a, 'kkt', 'Открыт чек – операция невозможна', 'A receipt is open: operation impossible'],
  [0x4b, 'kkt', 'Буфер чека переполнен', 'Receipt buffer full'],
  [
    0x4c,
    'kkt',
    'Переполнение накопления по обороту налогов в смене',
    'Shift taxed turnover overflow',
  ],
  [
    0x4d,
    'kkt',
    'Вносимая безналичной оплатой сумма больше суммы чека',
    'Cashless payment exceeds the receipt total',
  ],
  [0x4e, 'kkt', 'Смена превысила 24 часа', 'The shift has run past 24 hours (Z report needed)'],
  [0x4f, 'kkt', 'Неверный пароль', 'Wrong password'],
  [
    0x50,
    'kkt',
    'Идет печать результатов выполнения предыдущей команды',
    'Still printing the previous command',
  ],
  [0x51, 'kkt', 'Переполнение накоплений наличными в смене', 'Shift cash total overflow'],
  [
    0x52,
    'kkt',
    'Переполнение накоплений по типу оплаты 2 в смене',
    'Shift payment type 2 overflow',
  ],
  // p. 69
  [
    0x53,
    'kkt',
    'Переполнение накоплений по типу оплаты 3 в смене',
    'Shift payment type 3 overflow',
  ],
  [
    0x54,
    'kkt',
    'Переполнение накоплений по типу оплаты 4 в смене',
    'Shift payment type 4 overflow',
  ],
  [0x55, 'kkt', 'Чек закрыт – операция невозможна', 'Receipt is closed: operation impossible'],
  [0x56, 'kkt', 'Нет документа для повтора', 'No document to repeat'],
  [0x58, 'kkt', 'Ожидание команды продолжения печати', 'Waiting for the continue-print command'],
  [0x59, 'kkt', 'Документ открыт другим оператором', 'The document was opened by another operator'],
  [0x5b, 'kkt', 'Переполнение диапазона надбавок', 'Surcharge out of range'],
  [0x5c, 'kkt', 'Понижено напряжение 24В', '24 V supply voltage too low'],
  [0x5d, 'kkt', 'Таблица не определена', 'Table not defined'],
  [0x5e, 'kkt', 'Неверная операция', 'Invalid operation'],
  [0x5f, 'kkt', 'Отрицательный итог чека', 'Negative receipt total'],
  [0x60, 'kkt', 'Переполнение при умножении', 'Multiplication overflow'],
  [0x61, 'kkt', 'Переполнение диапазона цены', 'Price out of range'],
  [0x62, 'kkt', 'Переполнение диапазона количества', 'Quantity out of range'],
  [0x63, 'kkt', 'Переполнение диапазона отдела', 'Department out of range'],
  [0x65, 'kkt', 'Не хватает денег в секции', 'Not enough money in the department'],
  [0x66, 'kkt', 'Переполнение денег в секции', 'Department money overflow'],
  [0x68, 'kkt', 'Не хватает денег по обороту налогов', 'Not enough taxed turnover'],
  [0x69, 'kkt', 'Переполнение денег по обороту налогов', 'Taxed turnover overflow'],
  [0x6a, 'kkt', 'Ошибка питания в момент ответа по I2C', 'Power failure during an I2C answer'],
  [0x6b, 'kkt', 'Нет чековой ленты', 'No receipt paper'],
  [0x6d, 'kkt', 'Не хватает денег по налогу', 'Not enough tax money'],
  [0x6e, 'kkt', 'Переполнение денег по налогу', 'Tax money overflow'],
  [0x6f, 'kkt', 'Переполнение по выплате в смене', 'Shift pay-out overflow'],
  [0x71, 'kkt', 'Ошибка отрезчика', 'Cutter error'],
  [
    0x72,
    'kkt',
    'Команда не поддерживается в данном подрежиме',
    'Command not supported in this submode',
  ],
  [0x73, 'kkt', 'Команда не поддерживается в данном режиме', 'Command not supported in this mode'],
  [0x74, 'kkt', 'Ошибка ОЗУ', 'RAM error'],
  [0x75, 'kkt', 'Ошибка питания', 'Power failure'],
  [0x77, 'kkt', 'Ошибка принтера: нет сигнала с датчиков', 'Printer error: no signal from sensors'],
  [0x78, 'kkt', 'Замена ПО', 'Firmware replaced'],
  [0x7a, 'kkt', 'Поле не редактируется', 'Field is not editable'],
  [0x7b, 'kkt', 'Ошибка оборудования', 'Hardware error'],
  [0x7c, 'kkt', 'Не совпадает дата', 'Date does not match'],
  [0x7d, 'kkt', 'Неверный формат даты', 'Wrong date format'],
  [0x7e, 'kkt', 'Неверное значение в поле длины', 'Wrong value in the length field'],
  [0x7f, 'kkt', 'Переполнение диапазона итога чека', 'Receipt total out of range'],
  [0x84, 'kkt', 'Переполнение наличности', 'Cash overflow'],
  [0x85, 'kkt', 'Переполнение по продажам в смене', 'Shift sales overflow'],
  [0x86, 'kkt', 'Переполнение по покупкам в смене', 'Shift purchases overflow'],
  [0x87, 'kkt', 'Переполнение по возвратам продаж в смене', 'Shift sale returns overflow'],
  [0x88, 'kkt', 'Переполнение по возвратам покупок в смене', 'Shift purchase returns overflow'],
  [0x89, 'kkt', 'Переполнение по внесению в смене', 'Shift cash-in overflow'],
  [0x8a, 'kkt', 'Переполнение по надбавкам в чеке', 'Receipt surcharge overflow'],
  [0x8b, 'kkt', 'Переполнение по скидкам в чеке', 'Receipt discount overflow'],
  // p. 70
  [0x8c, 'kkt', 'Отрицательный итог надбавки в чеке', 'Negative receipt surcharge total'],
  [0x8d, 'kkt', 'Отрицательный итог скидки в чеке', 'Negative receipt discount total'],
  [0x8e, 'kkt', 'Нулевой итог чека', 'Zero receipt total'],
  [
    0x90,
    'kkt',
    'Поле превышает размер, установленный в настройках',
    'Field exceeds the size set in the settings',
  ],
  [
    0x91,
    'kkt',
    'Выход за границу поля печати при данных настройках шрифта',
    'Outside the print area with the current font settings',
  ],
  [0x92, 'kkt', 'Наложение полей', 'Fields overlap'],
  [0x93, 'kkt', 'Восстановление ОЗУ прошло успешно', 'RAM restored successfully'],
  [0x94, 'kkt', 'Исчерпан лимит операций в чеке', 'Receipt operation limit reached'],
  [
    0xa0,
    'fn',
    'Запрещена работа с маркированным товарами',
    'Marked goods are not enabled in this fiscal drive',
  ],
  [
    0xa1,
    'fn',
    'Неверная последовательность команд группы BXh',
    'Wrong sequence of marked-goods (Bxh) commands',
  ],
  [
    0xa2,
    'fn',
    'Работа с маркированными товарами временно заблокирована',
    'Marked goods temporarily blocked: notification storage full',
  ],
  [0xa3, 'fn', 'Переполнена таблица проверки кодов маркировки', 'Marking code check table full'],
  [
    0xa4,
    'fn',
    'В блоке TLV отсутствуют необходимые реквизиты',
    'Required attributes missing from the TLV block',
  ],
  [
    0xa5,
    'fn',
    'В реквизите 2007 содержится КМ, который ранее не проверялся в ФН',
    'Attribute 2007 holds a marking code the fiscal drive has not checked',
  ],
  [
    0xc0,
    'kkt',
    'Контроль даты и времени (подтвердите дату и время)',
    'Date and time check: confirm the date and time',
  ],
  [0xc2, 'kkt', 'Превышение напряжения в блоке питания', 'Power supply over-voltage'],
  [0xc4, 'kkt', 'Несовпадение номеров смен', 'Shift numbers do not match'],
  [0xc7, 'kkt', 'Поле не редактируется в данном режиме', 'Field is not editable in this mode'],
  [
    0xc8,
    'kkt',
    'Нет связи с принтером или отсутствуют импульсы от таходатчика',
    'No link to the print mechanism or no tachometer pulses',
  ],
];

/** code -> its description (derived from TABLE). */
export const DEVICE_ERRORS: ReadonlyMap<number, DeviceErrorInfo> = new Map(
  TABLE.map(([code, source, ru, en]) => [code, { code, source, ru, en }]),
);

/** Codes the driver reacts to and the emulator answers with, by name (words in TABLE). */
export const DEVICE_ERROR = {
  OK: 0x00,
  /** The fiscal drive archive has no such data (FF0Ah: no document with that number). */
  FN_NO_DATA: 0x08,
  FN_SHIFT_OVER_24H: 0x16,
  INVALID_PARAMETERS: 0x33,
  NO_DATA: 0x34,
  NOT_SUPPORTED: 0x37,
  SHIFT_OPEN: 0x3c,
  SHIFT_NOT_OPEN: 0x3d,
  PAYMENTS_LESS_THAN_TOTAL: 0x45,
  /** A receipt of another type is open. */
  WRONG_RECEIPT_TYPE: 0x49,
  RECEIPT_OPEN: 0x4a,
  NON_CASH_EXCEEDS_TOTAL: 0x4d,
  SHIFT_OVER_24H: 0x4e,
  WRONG_PASSWORD: 0x4f,
  PRINTING_PREVIOUS: 0x50,
  RECEIPT_CLOSED: 0x55,
  WAITING_CONTINUE: 0x58,
  TABLE_NOT_DEFINED: 0x5d,
  NO_RECEIPT_PAPER: 0x6b,
  NOT_IN_SUBMODE: 0x72,
  NOT_IN_MODE: 0x73,
  FIELD_READ_ONLY: 0x7a,
  ZERO_TOTAL: 0x8e,
} as const;

export type DeviceErrorName = keyof typeof DEVICE_ERROR;

/** 0x50 -> 'PRINTING_PREVIOUS' (derived), for logs. */
export const DEVICE_ERROR_NAME: ReadonlyMap<number, DeviceErrorName> = new Map(
  (Object.keys(DEVICE_ERROR) as DeviceErrorName[]).map((name) => [DEVICE_ERROR[name], name]),
);

/** "0x50" */
export function errorHex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The description of `code`; unknown codes get a generic one that still shows the number. */
export function describeDeviceError(code: number): DeviceErrorInfo {
  return (
    DEVICE_ERRORS.get(code) ?? {
      code,
      source: 'kkt',
      ru: `Неизвестная ошибка ${errorHex(code)}`,
      en: `Unknown error ${errorHex(code)}`,
    }
  );
}

/** The device answered a command with a non-zero error byte. */
export class DeviceError extends WmqrError {
  /** The device's error byte, e.g. 0x50. */
  readonly deviceCode: number;
  /** "0x50" */
  readonly hex: string;
  readonly ru: string;
  readonly en: string;
  readonly source: ErrorSource;
  /** The command that got the error, e.g. 0x80 or 0xFF46. */
  readonly command: number;

  constructor(command: number, deviceCode: number) {
    const info = describeDeviceError(deviceCode);
    const hex = errorHex(deviceCode);
    super(
      'PRINTER_DEVICE_ERROR',
      `The printer refused command ${commandHex(command)}h with error ${hex}: ` +
        `${info.en} (${info.ru})`,
      { details: { command: commandHex(command), deviceCode, hex, ru: info.ru, en: info.en } },
    );
    this.deviceCode = deviceCode;
    this.hex = hex;
    this.ru = info.ru;
    this.en = info.en;
    this.source = info.source;
    this.command = command;
  }
}

/** True when `error` is a DeviceError with one of `codes`. */
export function isDeviceError(error: unknown, ...codes: number[]): error is DeviceError {
  return error instanceof DeviceError && (codes.length === 0 || codes.includes(error.deviceCode));
}
