import { describe, expect, it, vi } from 'vitest';
import { EXIT_ATTENTION, EXIT_USAGE, UsageError, reportError } from './errors.js';

describe('reportError', () => {
  it('maps usage errors to exit 2 and hides the stack unless debugging', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(reportError(new UsageError('no such file: x.json'), false)).toBe(EXIT_USAGE);
    expect(reportError(new Error('boom'), false)).toBe(EXIT_ATTENTION);
    const printed = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    expect(printed).toContain('error: no such file: x.json');
    expect(printed).not.toContain('at ');
  });
});
