/** Test helpers around the point certificate (used by tests only). */
export {
  loadTestPointCertificate,
  useTestCertificates,
  type TestCertificatesFixture,
} from './test-certificates-fixture';
export { certificateRefusal } from './certificate-refusal';
export { useOpensslIdentities, type OpensslIdentities } from './openssl-identities';
