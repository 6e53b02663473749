// The synthetic export the import and planning benches share: one bcrypt user per NDJSON line.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

export async function writeBenchUsers(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const user = {
      id: `bench-${i}`,
      email: `bench${i}@example.com`,
      firstName: 'Bench',
      lastName: String(i),
      emailVerified: true,
      passwordHash: HASH,
    };
    if (!out.write(`${JSON.stringify(user)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
