/**
 * The mock gateway as the test stand runs it: with the test certificates (made on
 * first use) and the one test point of certs-test. Tests, the simulated shop and
 * `wmqr mock-gateway` start it this way, so the point, agent and key agree everywhere.
 */
import {
  ensureTestCertificates,
  TEST_AGENT,
  TEST_AGENT_KEY,
  TEST_POINT,
  type TestCertificates,
} from '../../certs-test/make-certs';
import { MockGateway, type MockGatewayOptions, type MockPointConfig } from './mock-gateway';

export const TEST_POINT_CONFIG: Readonly<MockPointConfig> = {
  point: TEST_POINT,
  agent: TEST_AGENT,
  agentKey: TEST_AGENT_KEY,
};

export interface TestPointGatewayOptions extends Omit<MockGatewayOptions, 'tls' | 'points'> {
  /** Default: ensureTestCertificates() (certs-test/out under the package root). */
  certificates?: TestCertificates;
}

export interface TestPointGateway {
  gateway: MockGateway;
  certs: TestCertificates;
}

export async function startTestPointGateway(
  options: TestPointGatewayOptions = {},
): Promise<TestPointGateway> {
  const { certificates, ...rest } = options;
  const certs = certificates ?? (await ensureTestCertificates());
  const gateway = await MockGateway.start({
    ...rest,
    tls: certs,
    points: [{ ...TEST_POINT_CONFIG }],
  });
  return { gateway, certs };
}
