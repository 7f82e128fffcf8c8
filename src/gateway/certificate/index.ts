/** The point certificate: loading, checking and converting `<POS number>.pfx`. */
export { CERT_ERROR, CertificateError, type CertificateErrorCode } from './certificate-error';
export { createPointCertificate, type PointCertificate } from './point-certificate';
export { loadPointCertificate } from './load-point-certificate';
export {
  EXPIRY_WARNING_DAYS,
  inspectPfx,
  inspectPointCertificate,
  pointCertificateFile,
  readPointCertificateFile,
  type CertificateInspection,
  type PointCertificateLocation,
} from './inspect-point-certificate';
export type { AlgorithmUse } from './pkcs12/read-pkcs12';
export { convertLegacyPfx, type ConvertOptions, type ConvertResult } from './convert-legacy-pfx';
