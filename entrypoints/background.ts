export default defineBackground(() => {
  // The extension's only network I/O lives here (lib/api). Filled in by the extension issue.
});
