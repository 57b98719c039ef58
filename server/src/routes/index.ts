/**
 * Every route module of the sync API, mounted by createApp (server/src/app.ts explains the
 * pattern). One line per resource folder.
 */
export { default as health } from './health/routes';
export { default as accounts } from './accounts/routes';
export { default as broadcasts } from './broadcasts/routes';
