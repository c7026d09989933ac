import { defineConfig } from 'vitest/config';
import { allAliases } from './aliases.js';

export default defineConfig({
  resolve: { alias: allAliases },
  test: {
    include: ['server/**/*.test.ts', 'geo/**/*.test.ts', 'client/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests share one database; running files one after another keeps them independent
    // of each other's data without a database per worker.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
