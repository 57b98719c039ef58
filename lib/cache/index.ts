export * from './db';
export * from './store';
export * from './swr';
