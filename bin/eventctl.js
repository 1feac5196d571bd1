#!/usr/bin/env node
// Thin shim: enable the compile cache where Node has it, then hand over to the built CLI.
import module from 'node:module';

if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
const { main } = await import('../dist/src/main.js');
await main();
