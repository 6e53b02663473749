import { MigratorError } from '../errors/index.js';
import { describeNetworkCode } from './classify.js';
import type { WorkosClient } from './client.js';

/**
 * One cheap authenticated read before anything else: a wrong URL or a refused key is said at
 * once, in one line, instead of after minutes of retries with every row left `unknown`.
 * A 429 or a 5xx proves the server is there: the run's own retries deal with those.
 */
export async function preflight(client: WorkosClient): Promise<void> {
  const res = await client.call((sdk) => sdk.userManagement.listUsers({ limit: 1 }));
  if (res.ok) return;
  const f = res.failure;
  const where = client.target.baseUrl;
  if (f.kind === 'unreachable' || (f.kind === 'lost' && !res.info.answered)) {
    throw new MigratorError(
      'unreachable',
      `cannot reach ${where}: ${describeNetworkCode(f.code)}; nothing was sent. Check the URL${client.target.isEmulator ? ' (is the emulator running?)' : ''} and the network, then run the same command again`,
    );
  }
  if (f.kind === 'unauthorized') {
    throw new MigratorError('refused', `${where} refused the API key: ${f.message}`);
  }
}
