import { importedSource, campaignSettings, type CampaignOptions } from '../runner/campaign.js';
import { openSession } from '../runner/session.js';
import { checkOrganizations, type CheckResult } from './verify-check.js';

/** `workos-migrator organizations verify` as a library function: the check against WorkOS, read-only. */
export async function verifyOrganizations(options: CampaignOptions): Promise<CheckResult> {
  const session = await openSession({
    target: options,
    state: options.state,
    command: 'organizations verify',
    settings: campaignSettings(options),
    signal: options.signal,
    client: options.client,
    onNotice: options.onNotice,
  });
  try {
    const source = importedSource(session.journal);
    return await checkOrganizations({ journal: session.journal, sourceId: source.id, calls: session.calls });
  } finally {
    session.close();
  }
}
