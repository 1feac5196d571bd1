import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { LoadedManifest } from '../manifest/model.js';
import { draftOf } from '../manifest/meta-validate-schema.js';
import type { EventValidator, Validation } from '../ops/dlq-inspect.js';
import { ajvRegExpEngine } from '../schema/user-regex.js';

/**
 * Validates DLQ events against their topic's schema. Topics are found by (source, detail-type);
 * ajv loads on first use and each schema compiles once. The example schemas describe `detail`;
 * a schema whose properties include `detail` and `source` describes the whole event instead.
 */
export function createEventValidator(loaded: LoadedManifest): EventValidator {
  const topics = new Map(loaded.manifest.topics.map((t) => [`${t.source}\u0000${t.detailType}`, t]));
  const compiled = new Map<string, ValidateFunction | null>();
  const instances = new Map<string, Ajv>();
  const require = createRequire(import.meta.url);

  const ajvFor = (draft: string): Ajv => {
    let ajv = instances.get(draft);
    if (ajv) return ajv;
    // Schema patterns run on RE2 semantics: a hostile pattern cannot stall the inspection. A topic
    // schema may use formats ajv-formats does not know (`currency`): they are ignored, and ajv's
    // console notice about it must not reach an on-call terminal, so no logger.
    const options = { strict: false, allErrors: true, logger: false, code: { regExp: ajvRegExpEngine } };
    const module =
      draft === '2020-12' ? require('ajv/dist/2020') : draft === '2019-09' ? require('ajv/dist/2019') : require('ajv');
    ajv = new (module as { default: new (o: object) => Ajv }).default(options);
    const formats = require('ajv-formats') as { default: (ajv: Ajv) => void };
    formats.default(ajv);
    instances.set(draft, ajv);
    return ajv;
  };

  const validatorFor = (topic: string): ValidateFunction | null => {
    if (compiled.has(topic)) return compiled.get(topic)!;
    const schema = loaded.schemas.get(topic)?.document;
    let fn: ValidateFunction | null = null;
    if (schema !== undefined) {
      const draft = draftOf(schema);
      try {
        fn = ajvFor(typeof draft === 'string' ? draft : 'draft-07').compile(schema as object);
      } catch {
        fn = null;
      }
    }
    compiled.set(topic, fn);
    return fn;
  };

  return (event: unknown): Validation => {
    if (!event || typeof event !== 'object') return { valid: false, errors: ['body is not a JSON event'] };
    const e = event as Record<string, unknown>;
    const topic = topics.get(`${String(e.source)}\u0000${String(e['detail-type'])}`);
    if (!topic) return { valid: null, errors: [`no topic for source '${String(e.source)}' and detail-type '${String(e['detail-type'])}'`] };
    const validate = validatorFor(topic.name);
    if (!validate) return { topic: topic.name, valid: null, errors: ['topic has no loadable schema'] };
    const schema = loaded.schemas.get(topic.name)!.document as { properties?: Record<string, unknown> };
    const wholeEvent = Boolean(schema.properties?.detail && schema.properties?.source);
    const instance = wholeEvent ? event : e.detail;
    if (validate(instance)) return { topic: topic.name, valid: true, errors: [] };
    const prefix = wholeEvent ? '' : '/detail';
    return {
      topic: topic.name,
      valid: false,
      errors: (validate.errors ?? []).map((err) => `${prefix}${err.instancePath || ''} ${err.message ?? 'is invalid'}`.trim()),
    };
  };
}
