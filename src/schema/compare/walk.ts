import { InputError } from '../../errors.js';
import type { Draft } from '../dialect.js';
import type { DirectedChange, Policy, Verdict } from '../model.js';
import { compareNode } from './node.js';

/** What the comparer needs from the outside: `$ref` lookup and the draft of a node. Pure lookups. */
export interface Resolver {
  deref(node: unknown): unknown;
  draftOf(node: unknown): Draft | undefined;
}

export interface SubResult {
  changes: DirectedChange[];
  breaks: boolean;
}

const IN_PROGRESS: SubResult = { changes: [], breaks: false };
const TRUE_KEY = {};
const FALSE_KEY = {};
/** Comparisons deeper than this are refused (the parser already caps nesting at 512). */
export const MAX_WALK_DEPTH = 2000;

/**
 * One directed comparison, compare(writer, reader): can a reader using `reader` read every
 * document valid under `writer`? Collects changes with their verdicts; no I/O.
 */
export class Walk {
  out: DirectedChange[] = [];
  wPath = '';
  rPath = '';
  depth = 0;
  private readonly memo = new Map<object, Map<object, SubResult>>();
  /** Nodes derived from other nodes (the direct part of a combined schema), for draft lookup. */
  readonly origin = new WeakMap<object, object>();

  constructor(
    readonly policy: Policy,
    private readonly writer: Resolver,
    private readonly reader: Resolver,
  ) {}

  breaks(verdict: Verdict): boolean {
    return verdict === 'break' || (verdict === 'strict' && this.policy === 'strict');
  }

  deref(node: unknown): unknown {
    const viaWriter = this.writer.deref(node);
    return viaWriter !== node ? viaWriter : this.reader.deref(node);
  }

  draftOf(node: object): Draft {
    const source = this.origin.get(node) ?? node;
    return this.writer.draftOf(source) ?? this.reader.draftOf(source) ?? '07';
  }

  emit(rule: string, verdict: Verdict, wSeg = '', rSeg = wSeg, was?: unknown, now?: unknown): void {
    this.out.push({ rule, verdict, wPath: this.wPath + wSeg, rPath: this.rPath + rSeg, was, now });
  }

  /** Compares two subschemas one level down (path segments start with '/'). */
  child(wSeg: string, rSeg: string, writer: unknown, reader: unknown): void {
    const wp = this.wPath;
    const rp = this.rPath;
    this.wPath = wp + wSeg;
    this.rPath = rp + rSeg;
    compareNode(this, writer, reader);
    this.wPath = wp;
    this.rPath = rp;
  }

  enterDepth(): void {
    this.depth += 1;
    if (this.depth > MAX_WALK_DEPTH) {
      throw new InputError(`schema comparison nests deeper than ${MAX_WALK_DEPTH} levels at ${this.rPath || '/'}`, {
        hint: 'flatten the schema with $defs and $ref',
      });
    }
  }

  /**
   * A separate comparison with relative paths, memoised per pair of nodes. A pair already being
   * compared (a `$ref` cycle) is taken as compatible, as Confluent does.
   */
  sub(writer: unknown, reader: unknown): SubResult {
    const wKey = keyOf(writer);
    const rKey = keyOf(reader);
    let row = this.memo.get(wKey);
    const found = row?.get(rKey);
    if (found) return found;
    if (!row) this.memo.set(wKey, (row = new Map()));
    row.set(rKey, IN_PROGRESS);
    const out = this.out;
    const wp = this.wPath;
    const rp = this.rPath;
    this.out = [];
    this.wPath = '';
    this.rPath = '';
    try {
      compareNode(this, writer, reader);
      let breaks = false;
      for (const change of this.out) if (this.breaks(change.verdict)) breaks = true;
      const result: SubResult = { changes: this.out, breaks };
      row.set(rKey, result);
      return result;
    } finally {
      this.out = out;
      this.wPath = wp;
      this.rPath = rp;
    }
  }

  /** Adds a sub-comparison's changes here, below the given path segments. */
  adopt(result: SubResult, wSeg = '', rSeg = wSeg): void {
    const wp = this.wPath + wSeg;
    const rp = this.rPath + rSeg;
    for (const c of result.changes) {
      this.out.push({ rule: c.rule, verdict: c.verdict, wPath: wp + c.wPath, rPath: rp + c.rPath, was: c.was, now: c.now });
    }
  }
}

function keyOf(node: unknown): object {
  if (node === true || node === undefined) return TRUE_KEY;
  if (node === false) return FALSE_KEY;
  return node as object;
}
