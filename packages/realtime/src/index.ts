export * from './broadcast.js';
export * from './live-view.js';
export * from './messages.js';
export * from './routes.js';
export * from './adapters/management-api-sender.js';
