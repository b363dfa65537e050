export { parsePact, parsePactText, detectSpecVersion } from './parse.js';
export { parseQueryString } from './http-parts.js';
export * from './model.js';
