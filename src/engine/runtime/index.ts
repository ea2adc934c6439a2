export { createRuntime, runtimeName, type RuntimeOptions } from './factory.js';
export { OciCliRuntime, runtimeMessage } from './oci-cli.js';
export { RUNTIME_NAMES, type ContainerRuntime, type RuntimeName, type RuntimeState, type RuntimeExecOptions } from './types.js';
