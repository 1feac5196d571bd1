import type { RuleDescriptor, Severity } from '../report/finding.js';

/**
 * The catalogue of schema-change rules: one stable kebab-case id per kind of change, named from
 * the old schema to the new one. `family` groups the rules that describe the same spot, so the
 * BACKWARD and FORWARD judgements of one change are reported once. `judged: false` marks keywords
 * the engine cannot decide: they are warnings, never silently ignored.
 */
export interface SchemaRule {
  id: string;
  family: string;
  summary: string;
  why: string;
  fix: string;
  judged: boolean;
}

const ADD_FIRST = 'Add the new constraint in a new major version (a new topic name or a bumped `version`), or make producers comply first and keep consumers tolerant.';
const RELAX_FIX = 'Relaxing is safe for new readers (BACKWARD) but old readers may reject new data: upgrade every consumer before producers emit values in the widened range, or use BACKWARD mode only.';
const NARROW_WHY = 'Old documents that were valid may now be rejected, so a reader on the new schema cannot read retained or replayed events (BACKWARD breaks).';
const WIDEN_WHY = 'New documents may hold values the old schema rejects, so consumers still on the old schema can fail (FORWARD breaks).';

const rules: SchemaRule[] = [];
function rule(id: string, family: string, summary: string, why: string, fix: string, judged = true): void {
  rules.push({ id, family, summary, why, fix, judged });
}

// Annotations and dialect.
rule('annotation-changed', 'annotation', 'an annotation (title, description, $id, examples, $comment, x-*) changed', 'Annotations do not change which documents are valid.', 'Nothing to do; reported for the changelog.');
rule('default-changed', 'default', '`default` was added, removed or changed', 'A default does not change validity, but consumers that fill in defaults will now see a different value.', 'Announce the new default; consumers that apply defaults change behaviour.');
rule('dialect-changed', 'dialect', '`$schema` (the JSON Schema draft) changed', 'Keywords change meaning between drafts (items/prefixItems, dependencies, format assertion), so the same text can validate differently.', 'Change the draft in its own commit with no other edits, and re-run the check.', false);
rule('unknown-keyword-changed', 'unknown', 'a keyword the engine does not know changed', 'eventctl cannot tell whether the change narrows or widens the schema.', 'Review by hand; if the keyword is an annotation, prefix it with `x-`.', false);
rule('unsupported-keyword', 'unsupported', 'a keyword the engine cannot judge ($dynamicRef, $recursiveRef) is present and changed', 'Dynamic references are resolved at validation time and cannot be compared statically.', 'Replace dynamic references with plain `$ref`s, or review by hand.', false);

// Types and values.
rule('type-changed', 'type', '`type` changed to an incompatible type', 'Neither the old nor the new type contains the other: old and new documents are mutually unreadable.', 'Add a new property with the new type and deprecate the old one, or publish a new major topic.');
rule('type-widened', 'type', '`type` was widened (integer → number, a type added, or `type` removed)', WIDEN_WHY, RELAX_FIX);
rule('type-narrowed', 'type', '`type` was narrowed (number → integer, a type removed, or `type` added)', NARROW_WHY, ADD_FIRST);
rule('became-nullable', 'type', '`null` became allowed', `${WIDEN_WHY} This is the classic null-pointer failure in consumers.`, 'Upgrade consumers to handle null before producers send it, or keep the property non-null and omit it instead.');
rule('became-not-nullable', 'type', '`null` is no longer allowed', NARROW_WHY, 'Keep accepting null in readers; stop producing null first, then remove it in a new major version.');
rule('schema-became-false', 'type', 'the schema now rejects everything (`false`)', NARROW_WHY, 'Remove the property from producers first, or use a new major topic.');
rule('schema-no-longer-false', 'type', 'a `false` schema now accepts documents', WIDEN_WHY, RELAX_FIX);
rule('enum-value-added', 'enum', 'an `enum` value was added', `${WIDEN_WHY} Exhaustive switches in consumers are the usual victim.`, 'Upgrade consumers to handle the new value (with a default branch) before producers send it.');
rule('enum-value-removed', 'enum', 'an `enum` value was removed', NARROW_WHY, 'Deprecate the value first (stop producing it), and remove it from the schema in a new major version.');
rule('enum-changed', 'enum', '`enum` values were replaced (neither set contains the other)', 'Old documents with removed values are rejected and new values confuse old consumers: both directions break.', 'Add the new values first (a widening), stop producing the old ones, then remove them in a new major version.');
rule('enum-added', 'enum', 'an `enum` constraint was added', NARROW_WHY, ADD_FIRST);
rule('enum-removed', 'enum', 'the `enum` constraint was removed', WIDEN_WHY, RELAX_FIX);
rule('const-added', 'enum', 'a `const` constraint was added', NARROW_WHY, ADD_FIRST);
rule('const-removed', 'enum', 'the `const` constraint was removed', WIDEN_WHY, RELAX_FIX);
rule('const-changed', 'enum', '`const` changed', 'Every old document is rejected by the new schema and vice versa; on a discriminator this is a new event type.', 'Publish a new event type (a new topic) instead of changing the constant.');

// Bounds: generated below. Strings.
rule('pattern-added', 'pattern', 'a `pattern` was added', NARROW_WHY, ADD_FIRST);
rule('pattern-removed', 'pattern', 'the `pattern` was removed', WIDEN_WHY, RELAX_FIX);
rule('pattern-changed', 'pattern', '`pattern` changed (regular-expression containment cannot be proven)', 'eventctl cannot prove that either pattern accepts every string of the other, so it assumes both directions break (as Confluent does).', 'Keep the old pattern and add alternatives with `|` only after consumers accept them, or publish a new major topic.');
rule('format-added', 'format', '`format` was added', 'Whether `format` is asserted depends on the validator (annotation-only by default since 2019-09); if asserted, old strings may be rejected.', 'Check that every existing value conforms, or keep `format` as documentation only.', false);
rule('format-removed', 'format', '`format` was removed', 'If consumers asserted the format, new values may not conform.', 'Make sure no consumer relies on the format before removing it.', false);
rule('format-changed', 'format', '`format` changed', 'If formats are asserted, values valid under one format are rejected by the other.', 'Add a new property with the new format and deprecate the old one.', false);
rule('content-changed', 'content', '`contentEncoding`, `contentMediaType` or `contentSchema` changed', 'These describe how to decode a string; a consumer decoding with the old settings will misread new values.', 'Add a new property with the new encoding and deprecate the old one.', false);

// Numbers.
rule('multiple-of-added', 'multipleOf', 'a `multipleOf` constraint was added', NARROW_WHY, ADD_FIRST);
rule('multiple-of-removed', 'multipleOf', 'the `multipleOf` constraint was removed', WIDEN_WHY, RELAX_FIX);
rule('multiple-of-narrowed', 'multipleOf', '`multipleOf` changed to a multiple of the old value (e.g. 2 → 4)', NARROW_WHY, ADD_FIRST);
rule('multiple-of-widened', 'multipleOf', '`multipleOf` changed to a divisor of the old value (e.g. 4 → 2)', WIDEN_WHY, RELAX_FIX);
rule('multiple-of-changed', 'multipleOf', '`multipleOf` changed to an unrelated value (e.g. 2 → 3)', 'Some old values are rejected and some new values are rejected by old readers: both directions break.', 'Publish a new major topic, or keep the old step.');

// Objects.
rule('property-added', 'property', 'a property was declared', 'In an open content model old documents may already carry the name with any value, so declaring it narrows the schema (BACKWARD breaks under STRICT). In a closed model old readers reject it (FORWARD breaks under STRICT). LENIENT assumes tolerant readers.', 'Under STRICT declare new properties in a partially open model (additionalProperties schema that covers them), or switch the topic to `policy: lenient`; give the property the widest type you can.');
rule('required-property-added', 'property', 'a new required property (without a default) was added', 'Old documents do not have it, so the new schema rejects every old event (BACKWARD breaks).', 'Add the property as optional, or required with a `default`; make it required only in a new major version.');
rule('required-property-with-default-added', 'property', 'a new required property with a `default` was added', 'Readers fill the default into old documents, so BACKWARD holds (in an open model only under LENIENT).', 'Keep the default stable; consumers see the default for old events.');
rule('property-removed', 'property', 'a property was removed', 'In a closed content model old documents that carry it become invalid (BACKWARD breaks under STRICT); old readers that require it lose it (FORWARD breaks).', 'Deprecate it first (`deprecated: true`, stop producing it, make it optional), keep it declared while old consumers read it, and remove it in a new major version.');
rule('property-became-required', 'required', 'an existing property became required', 'Old documents that omit it are rejected (BACKWARD breaks) unless it has a `default`.', 'Give the property a `default`, or make it required in a new major version.');
rule('property-became-optional', 'required', 'a required property became optional', 'New documents may omit it, which old readers require (FORWARD breaks) unless the old schema has a default.', 'Upgrade consumers to handle the missing property first.');
rule('required-undeclared-property', 'required', '`required` now names a property that is not declared in `properties`', 'Old documents without that property become invalid (BACKWARD breaks). Confluent does not detect this (its conformance case 55).', 'Declare the property with a `default`, or require it only in a new major version.');
rule('required-undeclared-property-dropped', 'required', '`required` no longer names an undeclared property', WIDEN_WHY, RELAX_FIX);
for (const [kw, name] of [['additionalProperties', 'additional-properties'], ['unevaluatedProperties', 'unevaluated-properties']] as const) {
  rule(`${name}-opened`, kw, `\`${kw}\` changed from false to allowing other properties`, `${WIDEN_WHY} Strict validators in old consumers reject unknown properties.`, RELAX_FIX);
  rule(`${name}-closed`, kw, `\`${kw}\` became false (the content model closed)`, 'Old documents with extra properties are rejected (BACKWARD breaks under STRICT; LENIENT accepts it).', 'Leave the model open, or close it in a new major version.');
  rule(`${name}-narrowed`, kw, `\`${kw}\` changed from allowing anything to a schema`, 'Old documents with extra properties outside the new schema are rejected (BACKWARD breaks under STRICT).', 'Narrow it in a new major version, or under `policy: lenient`.');
  rule(`${name}-widened`, kw, `\`${kw}\` changed from a schema to allowing anything`, WIDEN_WHY, RELAX_FIX);
}
rule('pattern-property-added', 'patternProperties', 'a `patternProperties` entry was added', 'Property names matching the pattern are now constrained (narrowing if the model was open) or allowed (widening if it was closed).', 'Add pattern properties only to closed models, or in a new major version.');
rule('pattern-property-removed', 'patternProperties', 'a `patternProperties` entry was removed', 'Names matching the pattern now fall to `additionalProperties`: rejected if it is false (BACKWARD breaks), unconstrained if open (FORWARD breaks).', 'Keep the entry while any document uses such names.');
rule('property-names-added', 'propertyNames', 'a `propertyNames` constraint was added', NARROW_WHY, ADD_FIRST);
rule('property-names-removed', 'propertyNames', 'the `propertyNames` constraint was removed', WIDEN_WHY, RELAX_FIX);
rule('dependency-added', 'dependency', 'a property dependency (dependentRequired / dependencies array) was added', NARROW_WHY, ADD_FIRST);
rule('dependency-removed', 'dependency', 'a property dependency was removed', WIDEN_WHY, RELAX_FIX);
rule('dependency-extended', 'dependency', 'a property dependency now requires more properties', NARROW_WHY, ADD_FIRST);
rule('dependency-narrowed', 'dependency', 'a property dependency now requires fewer properties', WIDEN_WHY, RELAX_FIX);
rule('dependency-changed', 'dependency', 'a property dependency now requires different properties', 'Both directions break: some old documents are rejected and old readers reject some new ones.', 'Extend the dependency in one step and narrow it in another, each in a compatible direction.');
rule('dependent-schema-added', 'dependentSchema', 'a dependent schema (dependentSchemas / dependencies schema) was added', NARROW_WHY, ADD_FIRST);
rule('dependent-schema-removed', 'dependentSchema', 'a dependent schema was removed', WIDEN_WHY, RELAX_FIX);

// Arrays.
rule('tuple-item-added', 'tuple', 'a tuple position (prefixItems / items array) was added', 'In an open array, old arrays may hold anything at that position (BACKWARD breaks); in a closed array old readers reject the longer arrays (FORWARD breaks). LENIENT does not relax arrays.', 'Make the array partially open (a rest schema covering the new item), or use a new major topic.');
rule('tuple-item-removed', 'tuple', 'a tuple position was removed', 'In a closed array old arrays with that position are rejected (BACKWARD breaks); in an open array old readers may get anything there (FORWARD breaks).', 'Keep the position declared; deprecate it in its description.');
for (const [kw, name] of [['additionalItems', 'additional-items'], ['unevaluatedItems', 'unevaluated-items']] as const) {
  rule(`${name}-opened`, kw, `\`${kw}\` (or the rest \`items\`) changed from false to allowing more items`, WIDEN_WHY, RELAX_FIX);
  rule(`${name}-closed`, kw, `\`${kw}\` (or the rest \`items\`) became false`, NARROW_WHY, ADD_FIRST);
}
rule('unique-items-added', 'uniqueItems', '`uniqueItems: true` was added', NARROW_WHY, ADD_FIRST);
rule('unique-items-removed', 'uniqueItems', '`uniqueItems` was removed', WIDEN_WHY, RELAX_FIX);
rule('contains-added', 'contains', 'a `contains` constraint was added', NARROW_WHY, ADD_FIRST);
rule('contains-removed', 'contains', 'the `contains` constraint was removed', WIDEN_WHY, RELAX_FIX);

// Composition.
rule('combinator-widened', 'combinator', 'the combinator changed to a wider one (oneOf/allOf → anyOf, or from a single branch)', WIDEN_WHY, RELAX_FIX);
rule('combinator-changed', 'combinator', 'the combinator changed (anyOf → oneOf, anyOf/oneOf → allOf)', 'The set of valid documents changes in both directions.', 'Keep the combinator; publish a new major topic for a different structure.');
rule('combinator-added', 'combinator', 'a oneOf/anyOf/allOf was added around or beside the schema and no branch accepts the old documents', NARROW_WHY, 'Make one branch accept the old shape exactly.');
rule('combinator-removed', 'combinator', 'a oneOf/anyOf/allOf was removed and the remaining schema does not accept every branch', WIDEN_WHY, RELAX_FIX);
rule('union-branch-added', 'combinator', 'a oneOf/anyOf branch was added', `${WIDEN_WHY} A oneOf branch that overlaps an existing one can also reject documents matching both.`, 'Upgrade consumers to handle the new shape first; keep oneOf branches disjoint (a const discriminator).');
rule('union-branch-removed', 'combinator', 'a oneOf/anyOf branch was removed', NARROW_WHY, 'Stop producing that shape first and remove the branch in a new major version.');
rule('allof-branch-added', 'combinator', 'an allOf branch was added', NARROW_WHY, ADD_FIRST);
rule('allof-branch-removed', 'combinator', 'an allOf branch was removed', WIDEN_WHY, RELAX_FIX);
rule('union-branch-changed', 'combinator', 'combinator branches changed so that they cannot be paired compatibly', 'No one-to-one pairing of old and new branches is compatible (Confluent: COMBINED_TYPE_SUBSCHEMAS_CHANGED).', 'Change one branch at a time, each compatibly, or publish a new major topic.');
rule('not-added', 'not', 'a `not` constraint was added', NARROW_WHY, ADD_FIRST);
rule('not-removed', 'not', 'the `not` constraint was removed', WIDEN_WHY, RELAX_FIX);
rule('not-excludes-less', 'not', 'the `not` subschema now excludes fewer documents', WIDEN_WHY, RELAX_FIX);
rule('not-excludes-more', 'not', 'the `not` subschema now excludes more documents', NARROW_WHY, ADD_FIRST);
rule('conditional-changed', 'conditional', '`if`/`then`/`else` changed', 'eventctl cannot compare conditionals whose `if` changed: the documents each branch applies to are different sets.', 'Review by hand with example events; prefer oneOf with a const discriminator, which eventctl can judge.', false);

// Bounds, generated: max-like bounds break BACKWARD when added or decreased, min-like when added or increased.
const BOUNDS: Array<[string, string, 'max' | 'min', string]> = [
  ['maxLength', 'max-length', 'max', 'string length'],
  ['minLength', 'min-length', 'min', 'string length'],
  ['maximum', 'maximum', 'max', 'number'],
  ['minimum', 'minimum', 'min', 'number'],
  ['exclusiveMaximum', 'exclusive-maximum', 'max', 'number'],
  ['exclusiveMinimum', 'exclusive-minimum', 'min', 'number'],
  ['maxItems', 'max-items', 'max', 'array length'],
  ['minItems', 'min-items', 'min', 'array length'],
  ['maxProperties', 'max-properties', 'max', 'property count'],
  ['minProperties', 'min-properties', 'min', 'property count'],
  ['maxContains', 'max-contains', 'max', 'number of matching items'],
  ['minContains', 'min-contains', 'min', 'number of matching items'],
];
export const BOUND_KEYWORDS = BOUNDS.map(([kw, name, kind]) => ({ keyword: kw, name, kind }));
for (const [kw, name, kind, what] of BOUNDS) {
  const tighten = kind === 'max' ? 'decreased' : 'increased';
  const loosen = kind === 'max' ? 'increased' : 'decreased';
  rule(`${name}-added`, kw, `\`${kw}\` was added (limits the ${what})`, NARROW_WHY, ADD_FIRST);
  rule(`${name}-${tighten}`, kw, `\`${kw}\` was ${tighten} (tighter ${what} limit)`, NARROW_WHY, ADD_FIRST);
  rule(`${name}-${loosen}`, kw, `\`${kw}\` was ${loosen} (looser ${what} limit)`, WIDEN_WHY, RELAX_FIX);
  rule(`${name}-removed`, kw, `\`${kw}\` was removed`, WIDEN_WHY, RELAX_FIX);
}

// Topic-level rules used by `schema check`.
rule('topic-removed', 'topic', 'a topic (event type) was removed from the manifest', 'Producers and consumers of the event lose their contract; this is the analogue of deleting a message type.', 'Deprecate the topic first, stop all producers, then remove it; or keep it declared.');
rule('topic-added', 'topic', 'a new topic (event type) was added', 'New topics break nobody.', 'Nothing to do.');
rule('topic-schema-removed', 'topic', 'a topic no longer declares a schema', 'Consumers lose the contract they validated against.', 'Keep the schema file declared.');
rule('major-version-bumped', 'topic', 'the topic declared a new major version, so breaking changes are allowed', 'A new major version is a new contract; consumers must opt in.', 'Make sure consumers of the old major version are migrated.');
rule('property-removed-before-sunset', 'property', 'a property was removed before the `x-sunset` date its schema promised', 'Consumers were told they could read the field until the sunset; removing it earlier breaks them without the notice they were promised.', 'Keep the property (deprecated) until its `x-sunset` date, then remove it; or agree on an earlier date with its readers and change `x-sunset` in its own reviewed commit.');
rule('property-removed-after-sunset', 'property', 'a deprecated property was removed after its `x-sunset` date', 'The removal was announced; a warning remains while a consumer still declares (or is assumed) to read the field.', 'Make sure the consumers named still reading the field have migrated, and drop it from their `reads`.');
rule('change-waived', 'waiver', 'a breaking change is accepted by a committed waiver', 'A reviewer approved this break (see the waiver reason).', 'Remove the waiver once the change has landed everywhere.');
rule('waiver-expired', 'waiver', 'a schema waiver has expired', 'Waivers are temporary: an expired waiver no longer accepts its change and must be renewed or removed.', 'Remove the waiver from `schemaWaivers`, or renew `expires` with a new approval.');
rule('waiver-not-approved', 'waiver', 'a schema waiver lacks the approvals the policy requires', 'A break that reaches consumers whose class requires approvals is accepted only with DSSE approvals signed by their owners (keys and groups from the approval policy at the base revision).', 'Ask each owner named to sign with `eventctl schema waiver approve <fingerprint> --key …` into the waiver\'s `approvals` directory, and commit the envelopes.');
rule('waiver-unused', 'waiver', 'a schema waiver matches no change', 'Stale waivers could silently accept a future break with the same fingerprint.', 'Remove the waiver from `schemaWaivers`.');

export const SCHEMA_RULES: ReadonlyMap<string, SchemaRule> = new Map(rules.map((r) => [r.id, r]));

export function getRule(id: string): SchemaRule {
  const found = SCHEMA_RULES.get(id);
  if (!found) throw new Error(`unknown schema rule '${id}'`);
  return found;
}

const SWAPS: Array<[string, string]> = [
  ['-added', '-removed'],
  ['-increased', '-decreased'],
  ['-widened', '-narrowed'],
  ['-opened', '-closed'],
  ['became-nullable', 'became-not-nullable'],
  ['became-required', 'became-optional'],
  ['excludes-less', 'excludes-more'],
  ['became-false', 'no-longer-false'],
];

/** The rule describing the same change seen from the other side (new → old). */
export function inverseRule(id: string): string {
  if (id === 'required-property-added' || id === 'required-property-with-default-added') return 'property-removed';
  if (id === 'required-undeclared-property') return 'required-undeclared-property-dropped';
  if (id === 'required-undeclared-property-dropped') return 'required-undeclared-property';
  for (const [a, b] of SWAPS) {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      if (id.endsWith(from) || id.includes(from)) {
        const candidate = id.replace(from, to);
        if (SCHEMA_RULES.has(candidate)) return candidate;
      }
    }
  }
  return id;
}

/** Default severity of a rule in a report: unjudged keywords warn, everything else is decided per change. */
export function ruleDescriptor(id: string, defaultSeverity: Severity = 'error'): RuleDescriptor {
  const r = getRule(id);
  return { id: r.id, summary: r.summary, rationale: r.why, fix: r.fix, defaultSeverity: r.judged ? defaultSeverity : 'warn' };
}
