import { fileURLToPath } from 'node:url';

/**
 * The bundled sample export and its companions. Resolved from this module's location so the demo
 * works from a clone (src via tsx, dist after build) and from an installed package alike.
 */
function samplePath(name: string): string {
  return fileURLToPath(new URL(`../../samples/${name}`, import.meta.url));
}

export const SAMPLE = {
  users: samplePath('users.json'),
  map: samplePath('map.yaml'),
  credentials: samplePath('test-credentials.csv'),
};
