export * from './outbox';
export * from './overlay';
export * from './send';
