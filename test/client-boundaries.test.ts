import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import hinan from '../eslint/client-boundaries.js';

const root = path.resolve(import.meta.dirname, '..');
const linter = new Linter({ configType: 'flat', cwd: root });
const config = [
  {
    files: ['**/*.ts'],
    plugins: { hinan },
    languageOptions: { ecmaVersion: 'latest' as const, sourceType: 'module' as const },
    rules: { 'hinan/client-boundaries': 'error' as const },
  },
];

/** What the rule says about one import written in `file` (repository-relative). */
function problems(file: string, spec: string): string[] {
  const code = `import { x } from '${spec}';\nexport const y = x;\n`;
  return linter.verify(code, config, { filename: path.join(root, file) }).map((message) => message.message);
}

describe('client layering (ESLint hinan/client-boundaries)', () => {
  const feature = 'client/src/features/family/FamilyPanel.ts';

  it.each([
    ['its own feature', feature, './familyModel'],
    ['the API layer', feature, '../../api/family'],
    ['shared helpers', feature, '../../shared/time'],
    ['the map', feature, '../../map/occupancy'],
    ['the contract', feature, '@contract/errors'],
    ['geo', feature, '@geo/src/geometry'],
    ['a package', feature, 'react'],
    ['a feature, from a page', 'client/src/pages/HqMapPage.ts', '../features/hq/ShelterMap'],
  ])('lets a file import %s', (_what, file, spec) => {
    expect(problems(file, spec)).toEqual([]);
  });

  it.each([
    ['another feature', feature, '../inbox/InboxSection', 'does not import feature "inbox"'],
    ['another feature by alias', feature, '@client/features/inbox/time', 'does not import feature "inbox"'],
    ['the app shell', feature, '../../app/App', 'a feature does not import app/'],
    ['a page', feature, '../../pages/HqMapPage', 'a feature does not import pages/'],
    ['server code by alias', feature, '@server/app.js', 'never server code'],
    ['server code by path', 'client/src/api/x.ts', '../../../server/src/app.js', 'never server code'],
    [
      'a feature, from shared/',
      'client/src/shared/x.ts',
      '../features/family/FamilyPanel',
      'below the features',
    ],
  ])('refuses %s', (_what, file, spec, reason) => {
    const found = problems(file, spec);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(reason);
  });

  it('leaves files outside the client alone', () => {
    expect(problems('server/src/app.ts', '../../client/src/features/family/FamilyPanel')).toEqual([]);
  });
});
