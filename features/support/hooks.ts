/**
 * One simulated shop per scenario: started before it (over TCP for @tcp scenarios, in process
 * otherwise), and after it the tape picture, the tape text and the journal's story go into
 * the HTML report (reports/cucumber/report.html) before everything is torn down.
 */
import { After, Before, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { TEST_AGENT_KEY, TEST_PFX_PASSWORD } from '../../certs-test/make-certs';
import type { ShopWorld } from './world';

// The till and the emulated register both print local time: pin the zone to the shop's, so the
// tapes in the report read the same on any machine.
process.env.TZ = 'Europe/Moscow';

// Virtual time makes each scenario take well under a second; this bound only catches a hang.
setDefaultTimeout(30_000);

Before(async function (this: ShopWorld, { pickle }) {
  const tcp = pickle.tags.some((tag) => tag.name === '@tcp');
  await this.startShop(tcp ? 'tcp' : 'in-process');
});

After(async function (this: ShopWorld, { result }) {
  try {
    await this.attachEvidence();
    if (result?.status === Status.FAILED) this.attachLog();
    // Secrets never reach the logs, whatever the scenario did.
    const logged = this.logger.text();
    for (const secret of [TEST_AGENT_KEY, TEST_PFX_PASSWORD]) {
      if (logged.includes(secret)) throw new Error('A secret appeared in the log');
    }
  } finally {
    await this.teardown();
  }
});
