/**
 * The gateway wire format, whole: constants, dates, amounts, signatures, request and answer
 * codecs. Both the client and the mock gateway use only this module for the format, so
 * adopting WebMoney's issued specification means changing this folder alone.
 */
export * from './wire-constants';
export * from './wire-format-error';
export * from './gateway-date';
export * from './gateway-amount';
export * from './signature';
export * from './request-codec';
export * from './answer-codec';
export { decodeXmlBody, XML_DECLARATION } from './xml-document';
