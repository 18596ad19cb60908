// Fault injection: rules that answer an error status, delay, or drop the connection,
// chosen by request number (counted per rule among the requests it matches), by a
// seeded rate, or always; `times` caps how often a rule fires.
import { createPrng, type Prng } from './prng';

export interface FaultRule {
  kind: 'status' | 'slow' | 'drop';
  /** For 'status': the HTTP status to answer (default 500). */
  status?: number;
  /** Seconds for a Retry-After header (a 429 also gets Twilio's 20429 body). */
  retryAfter?: number;
  /** For 'slow' (or before a 'status'/'drop'): how long to wait first. */
  delayMs?: number;
  /** Probability 0..1 per matching request, from a seeded PRNG. */
  rate?: number;
  /** 1-based numbers of the matching requests to hit. */
  nth?: number[];
  /** Most hits for this rule. */
  times?: number;
  /** Only these HTTP methods (any case). */
  methods?: string[];
  /** Only requests whose path-and-query contains this. */
  pathIncludes?: string;
}

export interface FaultController {
  set(rules: FaultRule[]): void;
  clear(): void;
  /** Faults fired since the rules were last set. */
  readonly hits: number;
  readonly rules: readonly FaultRule[];
}

export interface FaultDecision {
  delayMs: number;
  /** A 'status' or 'drop' rule that fired; the request goes no further. */
  fault?: FaultRule;
}

const KINDS = new Set(['status', 'slow', 'drop']);

export function checkRules(rules: unknown): FaultRule[] {
  if (!Array.isArray(rules)) throw new Error('fault rules must be an array');
  for (const r of rules) {
    if (!r || typeof r !== 'object' || !KINDS.has((r as FaultRule).kind)) throw new Error(`bad fault rule ${JSON.stringify(r)}`);
  }
  return rules as FaultRule[];
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export class Faults implements FaultController {
  private states: RuleState[] = [];
  private prng: Prng;
  hits = 0;

  constructor(
    rules: FaultRule[] = [],
    private readonly seed = 0x5a4db0c,
  ) {
    this.prng = createPrng(seed);
    this.set(rules);
  }

  get rules(): readonly FaultRule[] {
    return this.states.map((s) => s.rule);
  }

  set(rules: FaultRule[]): void {
    this.states = checkRules(rules).map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.hits = 0;
    this.prng = createPrng(this.seed); // the same rules hit the same requests every run
  }

  clear(): void {
    this.set([]);
  }

  decide(method: string, pathAndQuery: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const s of this.states) {
      const { rule } = s;
      if (rule.methods && !rule.methods.some((m) => m.toUpperCase() === method)) continue;
      if (rule.pathIncludes && !pathAndQuery.includes(rule.pathIncludes)) continue;
      s.seen++;
      if (rule.times !== undefined && s.fired >= rule.times) continue;
      const fires = rule.nth ? rule.nth.includes(s.seen) : rule.rate !== undefined ? this.prng.next() < rule.rate : true;
      if (!fires || (decision.fault && rule.kind !== 'slow')) continue;
      s.fired++;
      this.hits++;
      decision.delayMs += rule.delayMs ?? 0;
      if (rule.kind !== 'slow') decision.fault = rule;
    }
    return decision;
  }
}
