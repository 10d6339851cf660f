export * from './app.js';
export * from './auth/token-verifier.js';
export * from './context.js';
export * from './problem.js';
export * from './settings.js';
export * from './signed-cursors.js';
