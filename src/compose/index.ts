/**
 * The public face of src/compose: load a compose project from files and an
 * environment given as data, and the types that describe one.
 */
export { loadModel, loadProject } from './loader.js';
export type { ConfigFile, Environment, LoadedProject, LoadInput, LoadOptions, ReadOnlyFs } from './types.js';
export type { Mapping } from './tree.js';
