export * from './assembly.js';
export * from './deploy-stage.js';
export * from './errors.js';
export * from './gateway.js';
export * from './plan.js';
export * from './restore-points.js';
export * from './selection.js';
export * from './simulated-cloudformation.js';
