import type { ESLint } from 'eslint';

/** The client layering rule (client-boundaries.js), typed for its test. */
declare const plugin: ESLint.Plugin;
export default plugin;
