'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
// Nest 12 and some of its dependencies ship as ES modules only. On Node 20, Jest's CommonJS
// runtime cannot require(esm), so every ES module met under node_modules is compiled to
// CommonJS with swc, like the project's own sources; CommonJS files pass through untouched,
// unless they load a module with a dynamic import(), which Jest's CommonJS runtime cannot run
// either: swc turns it into a require.
// `import.meta.url` has no CommonJS spelling, so it is rewritten to the file's URL (built from
// __filename, not require('node:url'): some of these modules declare their own
// `const require = createRequire(import.meta.url)`, which would shadow it).
const swcJest = require('@swc/jest');

const ESM_SYNTAX = /^\s*(import\s*[\w*{'"]|export\s*[\w*{])/m;
const DYNAMIC_IMPORT = /\bimport\(/;

function rewrite(src) {
  return src.includes('import.meta.url') ? src.replace(/import\.meta\.url/g, '("file://" + encodeURI(__filename))') : src;
}

module.exports = {
  createTransformer(options) {
    const inner = swcJest.createTransformer(options);
    const isEsm = (src, filename) => filename.endsWith('.mjs') || ESM_SYNTAX.test(src) || DYNAMIC_IMPORT.test(src);
    return {
      canInstrument: inner.canInstrument,
      process(src, filename, config) {
        return isEsm(src, filename) ? inner.process(rewrite(src), filename, config) : { code: src };
      },
      processAsync(src, filename, config) {
        return isEsm(src, filename) ? inner.processAsync(rewrite(src), filename, config) : Promise.resolve({ code: src });
      },
      getCacheKey(src, filename, config) {
        return `${isEsm(src, filename) ? 'esm' : 'cjs'}:${inner.getCacheKey(rewrite(src), filename, config)}`;
      },
    };
  },
};
