import { RE2JS } from 're2js';

/**
 * Regular expressions that come from a user's schema (`pattern`, `patternProperties`) run on
 * RE2 semantics: matching is linear in the input, so `^(a+)+$` cannot stall `schema diff` or
 * `dlq inspect`. RE2 has no lookaround and no backreferences; such patterns are refused with a
 * reason rather than silently skipped. This module is heavy (~260 KB): import it lazily.
 */
export interface UserRegex {
  test(text: string): boolean;
  /** `/source/`: ajv keys its cache of compiled patterns by this. */
  toString(): string;
}

/** Why a pattern cannot be used: a syntax error, or a construct RE2 cannot run in linear time. */
export class UnsupportedRegexError extends Error {}

/**
 * ECMA-262 (the dialect JSON Schema names) to RE2 syntax for the escapes they spell differently:
 * `\uXXXX` (surrogate pairs joined) and `\u{X…}` become `\x{X…}`. Everything else is the same
 * text or refused by the compiler.
 */
export function toRe2Syntax(source: string): string {
  if (!source.includes('\\u')) return source;
  let out = '';
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = source[i + 1];
    if (next === 'u') {
      const braced = /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(source.slice(i));
      if (braced) {
        out += `\\x{${braced[1]}}`;
        i += braced[0].length - 1;
        continue;
      }
      const unit = /^\\u([0-9a-fA-F]{4})(?:\\u([0-9a-fA-F]{4}))?/.exec(source.slice(i));
      if (unit) {
        const high = parseInt(unit[1]!, 16);
        const low = unit[2] === undefined ? undefined : parseInt(unit[2], 16);
        if (low !== undefined && high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          out += `\\x{${(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)).toString(16)}}`;
          i += unit[0].length - 1;
        } else {
          out += `\\x{${unit[1]}}`;
          i += 5;
        }
        continue;
      }
    }
    // Any other escape is copied whole, so `\\u` stays a backslash followed by `u`.
    out += c + (next ?? '');
    i += 1;
  }
  return out;
}

const cache = new Map<string, UserRegex | UnsupportedRegexError>();

/** Compiles a schema pattern (unanchored, as JSON Schema says) or throws UnsupportedRegexError. */
export function compileUserRegex(source: string): UserRegex {
  let entry = cache.get(source);
  if (entry === undefined) {
    try {
      const re = RE2JS.compile(toRe2Syntax(source));
      // toString is ajv's cache key for compiled patterns: it must differ per pattern.
      entry = { test: (text: string) => re.matcher(text).find(), toString: () => `/${source}/` };
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
      entry = new UnsupportedRegexError(`${reason} (eventctl runs schema patterns on RE2: no lookaround, no backreferences)`);
    }
    cache.set(source, entry);
  }
  if (entry instanceof UnsupportedRegexError) throw entry;
  return entry;
}

/** The same engine in the shape ajv's `code.regExp` option takes. */
export const ajvRegExpEngine = Object.assign((pattern: string, _flags: string): UserRegex => compileUserRegex(pattern), {
  code: 'compileUserRegex',
});
