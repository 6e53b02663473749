import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');
function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [cli, ...args], { cwd }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe('strategy set', () => {
  it("takes the migration guide's names as well as A/B, and appends STRATEGY_CHOICE to ./migration.log", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strategy-'));
    expect((await run(['strategy', 'set', 'big-bang'], dir)).code).toBe(0);
    const b = await run(['strategy', 'set', 'Dual-Write'], dir);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('strategy B (dual-write');
    expect(readFileSync(join(dir, 'migration.log'), 'utf8')).toBe('STRATEGY_CHOICE=A\nSTRATEGY_CHOICE=B\n');
    const shown = await run(['strategy', 'show'], dir);
    expect(shown.stdout).toMatch(/^strategy B: dual-write/);
    const bad = await run(['strategy', 'set', 'C'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('A or big-bang');
    expect(readFileSync(join(dir, 'migration.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('speaks of the migration guide in --help, not of anything else', async () => {
    const help = await run(['strategy', '--help'], tmpdir());
    expect(help.stdout).toContain("WorkOS migration guide's strategies");
    expect(help.stdout).not.toMatch(/mission/i);
  });
});
