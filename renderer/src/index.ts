/**
 * The renderer's public entry, for component tests and any host that embeds it. The app itself
 * starts from main.tsx.
 */
export { App } from './shell/App';
export { Root } from './shell/Root';
export { causeOf } from './engine/engine-causes';
export * from './format';
export * from './state';
export * from './transport';
