/**
 * Loads the point certificate `<folder>/<POS number>.pfx` for mutual TLS with the gateway,
 * refusing, with a specific CertificateError, anything the gateway or OpenSSL would refuse
 * later with an obscure one: see CERT_ERROR for the codes.
 */
import {
  inspectPfx,
  readPointCertificateFile,
  type PointCertificateLocation,
} from './inspect-point-certificate';
import { createPointCertificate, type PointCertificate } from './point-certificate';

export async function loadPointCertificate(
  options: PointCertificateLocation,
): Promise<PointCertificate> {
  const { file, pfx } = await readPointCertificateFile(options.folder, options.posNumber);
  const report = inspectPfx(pfx, { ...options, file });
  const [first] = report.problems;
  if (first) throw first;

  return createPointCertificate(
    {
      pfx,
      subjectCN: report.subjectCN,
      issuerCN: report.issuerCN,
      notBefore: report.notBefore,
      notAfter: report.notAfter,
      file: report.file,
      subject: report.subject,
      issuer: report.issuer,
      serialNumber: report.serialNumber,
      fingerprintSha256: report.fingerprintSha256,
    },
    options.password,
  );
}
