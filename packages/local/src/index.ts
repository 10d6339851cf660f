export * from './dynamodb-local.js';
export * from './free-port.js';
export * from './local-issuer.js';
export * from './product.js';
export * from './seed.js';
export * from './realtime-server.js';
