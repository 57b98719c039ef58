import './style.css';

export default defineContentScript({
  matches: ['https://manager.line.biz/*'],
  cssInjectionMode: 'ui',
  main() {},
});
