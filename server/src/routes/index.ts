/**
 * Every route module of the sync API, mounted by createApp (server/src/app.ts explains the
 * pattern). One line per resource folder.
 */
export { default as health } from './health/routes';
export { default as accounts } from './accounts/routes';
export { default as broadcasts } from './broadcasts/routes';
export { default as broadcastResults } from './broadcast-results/routes';
export { default as friends } from './friends/routes';
export { default as integrations } from './integrations/routes';
export { default as webhooks } from './webhooks/routes';
export { default as tags } from './tags/routes';
export { default as folders } from './folders/routes';
export { default as agent } from './agent/routes';
// Before segments: GET …/segments/deleted must be matched before GET …/segments/:id.
export { default as segmentHistory } from './segment-history/routes';
export { default as segments } from './segments/routes';
export { default as catalog } from './catalog/routes';
export { default as tagOperations } from './tag-operations/routes';
export { default as richMenus } from './rich-menus/routes';
export { default as people } from './people/routes';
export { default as activity } from './activity/routes';
