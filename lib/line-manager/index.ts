/** Site knowledge of manager.line.biz: page detectors and the host page's selectors. */
export * from './urls';
export * from './selectors';
