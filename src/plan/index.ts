/** The public face of src/plan: desired state, the up and down plans, and their text. */
export { desiredState, type DesiredOptions } from './desired.js';
export { planDown, type DownOptions } from './down.js';
export { PlanError } from './errors.js';
export { describe as describeOperation, printPlan } from './print.js';
export { defaultUpOptions, planUp, type RecreateStrategy, type UpOptions } from './up.js';
export type * from './types.js';
