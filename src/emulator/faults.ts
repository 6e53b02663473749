/**
 * Fault injection rules: which requests fail, how, and how often. Pure bookkeeping; the
 * middleware in middleware/faults.ts acts on the decisions.
 */
export type FaultKind = '5xx' | 'latency' | 'reset' | 'commit_then_drop' | 'rate_limit';

export interface FaultRuleInput {
  /** HTTP method, or '*' (default). */
  method?: string;
  /** Path pattern: `*` matches one segment, a trailing `**` any rest; e.g. `/user_management/users/*`. */
  path: string;
  kind: FaultKind;
  /** For 5xx: the status (500–599, default 500). */
  status?: number;
  /** For latency: fixed delay, plus up to `jitterMs` random extra. */
  latencyMs?: number;
  jitterMs?: number;
  /**
   * For rate_limit: the Retry-After it announces, in whole seconds (default 1). These 429s come
   * from no window (a proxy, a hiccup, a limit the emulator does not model), so a client must not
   * read each one as proof that the window is full.
   */
  retryAfter?: number;
  /** Fire on each matching request with this probability (0–1)… */
  probability?: number;
  /** …or on the next N matching requests, then stop. */
  count?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  method: string;
  fired: number;
}

const KINDS: FaultKind[] = ['5xx', 'latency', 'reset', 'commit_then_drop', 'rate_limit'];

export function validateFaultRule(input: unknown): FaultRuleInput {
  const r = (input ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof r.path !== 'string' || !r.path.startsWith('/'))
    problems.push("'path' must be a path pattern starting with '/'");
  if (!KINDS.includes(r.kind as FaultKind)) problems.push(`'kind' must be one of ${KINDS.join(', ')}`);
  if (
    r.status !== undefined &&
    !(Number.isInteger(r.status) && (r.status as number) >= 500 && (r.status as number) <= 599)
  )
    problems.push("'status' must be an integer 500–599");
  if (
    r.probability !== undefined &&
    !(typeof r.probability === 'number' && r.probability >= 0 && r.probability <= 1)
  )
    problems.push("'probability' must be a number between 0 and 1");
  if (r.count !== undefined && !(Number.isInteger(r.count) && (r.count as number) > 0))
    problems.push("'count' must be a positive integer");
  if (r.probability !== undefined && r.count !== undefined)
    problems.push("give 'probability' or 'count', not both");
  // Retry-After is delta-seconds on the wire (the SDK reads it with Number()), so a whole number.
  if (r.retryAfter !== undefined && !(Number.isInteger(r.retryAfter) && (r.retryAfter as number) >= 0))
    problems.push("'retryAfter' must be a whole number of seconds ≥ 0");
  for (const k of ['latencyMs', 'jitterMs'] as const)
    if (r[k] !== undefined && !(typeof r[k] === 'number' && (r[k] as number) >= 0))
      problems.push(`'${k}' must be a number ≥ 0`);
  if (problems.length) throw new Error(`Invalid fault rule: ${problems.join('; ')}.`);
  return r as unknown as FaultRuleInput;
}

export function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.split('/');
  const s = path.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '**') return true;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

export class FaultInjector {
  rules: FaultRule[] = [];
  private seq = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      ...input,
      id: `fault_${++this.seq}`,
      method: (input.method ?? '*').toUpperCase(),
      fired: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules that fire for this request, consuming "next N" budgets. */
  decide(method: string, path: string): FaultRule[] {
    const firing: FaultRule[] = [];
    for (const rule of this.rules) {
      if (rule.method !== '*' && rule.method !== method.toUpperCase()) continue;
      if (!pathMatches(rule.path, path)) continue;
      if (rule.count !== undefined) {
        if (rule.fired >= rule.count) continue;
      } else if (this.random() >= (rule.probability ?? 1)) continue;
      rule.fired++;
      firing.push(rule);
    }
    return firing;
  }
}
