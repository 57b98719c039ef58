import './style.css';
import { features } from './features';
import { runFeatures } from './feature-manager';

/**
 * Matches the whole manager because it is a single-page app: a visit that starts elsewhere
 * reaches /account/* without a page load. Each feature's detectors decide where it runs.
 */
export default defineContentScript({
  matches: ['https://manager.line.biz/*'],
  cssInjectionMode: 'ui',
  main(ctx) {
    runFeatures(ctx, features);
  },
});
