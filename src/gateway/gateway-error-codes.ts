/**
 * Every failure of a gateway call, with a stable code, whether repeating the same request can
 * help, and what the cashier is told (Russian by default, English available). Engineers get
 * the technical message of the GatewayError itself.
 */
import { RETVAL } from './wire';

export interface GatewayFailureKind {
  retryable: boolean;
  cashier: { ru: string; en: string };
}

const ASK_ADMIN_RU = 'Обратитесь к администратору.';
const ASK_ADMIN_EN = 'Ask the administrator.';

export const GATEWAY_FAILURES = {
  GATEWAY_CONFIG: {
    retryable: false,
    cashier: {
      ru: `Оплата по QR не настроена. ${ASK_ADMIN_RU}`,
      en: `QR payment is not set up correctly. ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_REQUEST_INVALID: {
    retryable: false,
    cashier: {
      ru: `Шлюз WebMoney не принял запрос. ${ASK_ADMIN_RU}`,
      en: `The WebMoney gateway did not accept the request. ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_SIGNATURE: {
    retryable: false,
    cashier: {
      ru:
        'Шлюз WebMoney отклонил подпись или сертификат кассы: ' +
        `проверьте ключ агента и сертификат. ${ASK_ADMIN_RU}`,
      en:
        "The WebMoney gateway refused the signature or the till's certificate: " +
        `check the agent key and the certificate. ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_REQN: {
    retryable: false,
    cashier: {
      ru: `Шлюз WebMoney отклонил номер запроса (проверьте часы кассы). ${ASK_ADMIN_RU}`,
      en:
        "The WebMoney gateway refused the request number (check the till's clock). " + ASK_ADMIN_EN,
    },
  },
  GATEWAY_UNKNOWN_POINT: {
    retryable: false,
    cashier: {
      ru:
        'Шлюз WebMoney не знает этого агента или кассу: ' +
        `проверьте номер агента и номер POS. ${ASK_ADMIN_RU}`,
      en:
        'The WebMoney gateway does not know this agent or till: ' +
        `check the agent and POS numbers. ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_ID_CONFLICT: {
    retryable: false,
    cashier: {
      ru: `Номер платежа уже использован с другими данными. Начните оплату заново.`,
      en: `The payment number was already used with other data. Start the payment again.`,
    },
  },
  GATEWAY_NOT_FOUND: {
    retryable: false,
    cashier: {
      ru: `Шлюз WebMoney не нашёл этот платёж.`,
      en: `The WebMoney gateway does not know this payment.`,
    },
  },
  GATEWAY_PAYSYSTEM_DISABLED: {
    retryable: false,
    cashier: {
      ru: `Эта платёжная система не подключена для кассы. Выберите другой способ оплаты.`,
      en: `This payment system is not enabled for the till. Choose another way to pay.`,
    },
  },
  GATEWAY_AMOUNT_LIMITS: {
    retryable: false,
    cashier: {
      ru: `Сумма вне допустимых пределов для оплаты по QR. Выберите другой способ оплаты.`,
      en: `The amount is outside the limits for QR payment. Choose another way to pay.`,
    },
  },
  GATEWAY_TEMPORARY: {
    retryable: true,
    cashier: {
      ru: `Шлюз WebMoney временно недоступен. Повторите попытку.`,
      en: `The WebMoney gateway is temporarily unavailable. Try again.`,
    },
  },
  GATEWAY_RETVAL: {
    retryable: false,
    cashier: {
      ru: `Шлюз WebMoney вернул неизвестную ошибку. ${ASK_ADMIN_RU}`,
      en: `The WebMoney gateway returned an unknown error. ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_HTTP: {
    retryable: false,
    cashier: {
      ru: `Шлюз WebMoney ответил ошибкой. Повторите попытку позже.`,
      en: `The WebMoney gateway answered with an error. Try again later.`,
    },
  },
  GATEWAY_CONNECTION: {
    retryable: true,
    cashier: {
      ru: `Нет связи со шлюзом WebMoney. Проверьте подключение к интернету.`,
      en: `No connection to the WebMoney gateway. Check the internet connection.`,
    },
  },
  GATEWAY_TLS: {
    retryable: false,
    cashier: {
      ru: `Защищённое соединение со шлюзом WebMoney не установлено (сертификат). ${ASK_ADMIN_RU}`,
      en: `The secure connection to the WebMoney gateway failed (certificate). ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_TIMEOUT: {
    retryable: true,
    cashier: {
      ru: `Шлюз WebMoney не ответил вовремя. Повторите попытку.`,
      en: `The WebMoney gateway did not answer in time. Try again.`,
    },
  },
  GATEWAY_BAD_ANSWER: {
    retryable: false,
    cashier: {
      ru: `Шлюз WebMoney прислал непонятный ответ. ${ASK_ADMIN_RU}`,
      en: `The WebMoney gateway sent an answer that could not be read. ${ASK_ADMIN_EN}`,
    },
  },
  GATEWAY_DEADLINE: {
    retryable: false,
    cashier: {
      ru: `Время ожидания ответа шлюза WebMoney истекло.`,
      en: `The time to wait for the WebMoney gateway ran out.`,
    },
  },
  GATEWAY_STATE_STORE: {
    retryable: false,
    cashier: {
      ru: `Касса не может сохранить номер запроса на диск. ${ASK_ADMIN_RU}`,
      en: `The till cannot save the request number to disk. ${ASK_ADMIN_EN}`,
    },
  },
  /** Another process (or client) already drives this point from the same state folder. */
  GATEWAY_STATE_LOCKED: {
    retryable: false,
    cashier: {
      ru: `Эта касса уже открыта в другой программе. ${ASK_ADMIN_RU}`,
      en: `This till is already open in another program. ${ASK_ADMIN_EN}`,
    },
  },
} as const satisfies Record<string, GatewayFailureKind>;

export type GatewayErrorCode = keyof typeof GATEWAY_FAILURES;

/** retval → error code, for every retval the model defines except 0. */
export const RETVAL_CODE: ReadonlyMap<number, GatewayErrorCode> = new Map([
  [RETVAL.MALFORMED_REQUEST, 'GATEWAY_REQUEST_INVALID'],
  [RETVAL.SIGNATURE, 'GATEWAY_SIGNATURE'],
  [RETVAL.REQN_NOT_INCREASING, 'GATEWAY_REQN'],
  [RETVAL.UNKNOWN_POINT, 'GATEWAY_UNKNOWN_POINT'],
  [RETVAL.ID_CONFLICT, 'GATEWAY_ID_CONFLICT'],
  [RETVAL.NOT_FOUND, 'GATEWAY_NOT_FOUND'],
  [RETVAL.PAYSYSTEM_DISABLED, 'GATEWAY_PAYSYSTEM_DISABLED'],
  [RETVAL.AMOUNT_LIMITS, 'GATEWAY_AMOUNT_LIMITS'],
  [RETVAL.TEMPORARY, 'GATEWAY_TEMPORARY'],
]);
