import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

// A setup file of every project: each test file's temp directories go when the file ends.
afterAll(() => removeTempDirs());
