/**
 * Every constant of the gateway wire format, in one place. WebMoney issues the QR agent
 * specification under contract only, so these values are the project's documented model built
 * on WebMoney's public XML-interface conventions (see docs/gateway-protocol.md). Each value is
 * marked [public] (a documented WebMoney convention) or [model] (our choice).
 */

/** Operation names; each is POSTed to `<base URL>/<operation>`. [model] */
export const OPERATIONS = ['QrCreate', 'QrState', 'QrCancel'] as const;
export type GatewayOperation = (typeof OPERATIONS)[number];

/** Root element names of a request and of an answer. [public: w3s XML interfaces] */
export const ROOT = {
  request: 'w3s.request',
  response: 'w3s.response',
} as const;

/** Signature algorithm named in `<sign type="...">`. [model] */
export const SIGN_TYPE = 'hmac-sha256' as const;

/** The only currency the QR gateway takes. [model] */
export const CURRENCY = 'RUB' as const;

/**
 * The request fields concatenated, in this order and with no separator, into the signed
 * string. [public: how every WebMoney X-interface signs; field lists are the model]
 */
export const SIGNED_FIELDS = {
  QrCreate: [
    'reqn',
    'wmid',
    'agent',
    'point',
    'crsid',
    'id',
    'paytype',
    'amount',
    'currency',
    'date',
  ],
  QrState: ['reqn', 'wmid', 'agent', 'point', 'crsid', 'id'],
  QrCancel: ['reqn', 'wmid', 'agent', 'point', 'crsid', 'id'],
} as const satisfies Record<GatewayOperation, readonly string[]>;

/** `retval` codes of an answer. [public: 0 = success; the negative codes are the model] */
export const RETVAL = {
  OK: 0,
  MALFORMED_REQUEST: -1,
  SIGNATURE: -2,
  REQN_NOT_INCREASING: -3,
  UNKNOWN_POINT: -4,
  ID_CONFLICT: -5,
  NOT_FOUND: -6,
  PAYSYSTEM_DISABLED: -7,
  AMOUNT_LIMITS: -8,
  TEMPORARY: -100,
} as const;
export type RetvalName = keyof typeof RETVAL;

/** retval → name, derived so it cannot drift from RETVAL. */
export const RETVAL_NAME: ReadonlyMap<number, RetvalName> = new Map(
  (Object.entries(RETVAL) as Array<[RetvalName, number]>).map(([name, value]) => [value, name]),
);

/** Field formats. [public: agent interfaces] */
export const LIMITS = {
  /** payment/@id: decimal, 1..18 digits. */
  idPattern: /^[1-9]\d{0,17}$/,
  /** reqn: up to 15 digits. */
  reqnPattern: /^\d{1,15}$/,
  reqnMax: 999_999_999_999_999,
  /** wmid: 12 digits, or 0 when the certificate identifies the caller. */
  wmidPattern: /^(0|\d{12})$/,
  /** agent and point numbers: decimal. [model] */
  numberPattern: /^\d{1,18}$/,
  /** crsid: decimal, 0 when not issued. [model] */
  crsIdPattern: /^\d{1,18}$/,
  /** desc: at most 255 characters. */
  descriptionMaxChars: 255,
  /** ttl: whole seconds the QR stays payable, up to one day. [model] */
  ttlMaxSeconds: 86_400,
} as const;

/**
 * Local time of the `YYYYMMDD HH:MM:SS` dates. WebMoney's servers keep Moscow time, so that
 * is the default; a client and a mock must use the same zone. [public: format; zone: model]
 */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow' as const;

/** Request and answer bodies larger than this are refused unread. [model] */
export const MAX_BODY_BYTES = 64 * 1024;

/** Content type of both directions. [public] */
export const CONTENT_TYPE = 'text/xml; charset=utf-8' as const;
