// @ts-check
/**
 * The web client's layers, enforced: a feature imports the API layer, shared helpers and UI, the
 * map and the contract, never another feature, a page or the app shell; the API layer, shared code
 * and the map import no feature; nothing in the client imports server code. Pages compose features
 * and the app shell composes pages.
 */
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const clientSrc = path.join(repoRoot, 'client', 'src');
/** Outside client/src the client may import only these (shared with the server, browser-safe). */
const SHARED_OUTSIDE = ['contract', 'geo'].map((dir) => path.join(repoRoot, dir));
/** Layers that sit below the features and so may not import them. */
const BELOW_FEATURES = new Set(['api', 'shared', 'map', 'i18n']);

/** @param {string} spec @param {string} file @returns {string | null} absolute target, or null for packages */
function resolveTarget(spec, file) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(file), spec);
  if (spec.startsWith('@client/')) return path.join(clientSrc, spec.slice('@client/'.length));
  if (spec.startsWith('@server/')) return path.join(repoRoot, 'server', 'src');
  if (spec.startsWith('@test/')) return path.join(repoRoot, 'test');
  if (spec.startsWith('@contract/')) return path.join(repoRoot, 'contract');
  if (spec.startsWith('@geo/')) return path.join(repoRoot, 'geo');
  return null;
}

/** @param {string} file */
const layerOf = (file) => path.relative(clientSrc, file).split(path.sep);

/** @param {string} file @param {string} target @returns {string | null} why the import is not allowed */
function violation(file, target) {
  const inside = path.relative(clientSrc, target);
  if (inside.startsWith('..')) {
    const shared = SHARED_OUTSIDE.some((dir) => !path.relative(dir, target).startsWith('..'));
    return shared ? null : 'the client imports only client/src, contract/ and geo/ (never server code)';
  }
  const [fromLayer, fromFeature] = layerOf(file);
  const [toLayer, toFeature] = inside.split(path.sep);
  if (fromLayer === 'features') {
    if (toLayer === 'app' || toLayer === 'pages') return `a feature does not import ${toLayer}/`;
    if (toLayer === 'features' && toFeature !== fromFeature)
      return `feature "${fromFeature}" does not import feature "${toFeature}"; move what both need to shared/`;
  }
  if (fromLayer && BELOW_FEATURES.has(fromLayer) && ['features', 'pages', 'app'].includes(toLayer ?? ''))
    return `${fromLayer}/ sits below the features and does not import ${toLayer}/`;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Keeps the web client layered' } },
  create(context) {
    const file = context.filename;
    if (path.relative(clientSrc, file).startsWith('..')) return {};
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const target = resolveTarget(source.value, file);
      const problem = target && violation(file, target);
      if (problem) context.report({ node: source, message: `${source.value}: ${problem}.` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'client-boundaries': rule } };
