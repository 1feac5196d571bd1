// Preloaded with `node --import ./test/support/trace-imports.mjs`: records every module URL that
// gets resolved into the file named by TRACE_IMPORTS_FILE, so tests can prove what did NOT load.
import { register } from 'node:module';

register(new URL('./trace-imports-hooks.mjs', import.meta.url), {
  data: { file: process.env.TRACE_IMPORTS_FILE },
});
