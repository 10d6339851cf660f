export * from './categories.js';
export * from './errors.js';
export * from './event.js';
export * from './organizer.js';
export * from './registration.js';
export * from './talk.js';
export * from './text.js';
export * from './activity.js';
