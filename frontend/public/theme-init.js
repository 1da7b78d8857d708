// Runs before first paint: apply the theme saved by the app (dark by default).
(function () {
  try {
    var t = localStorage.getItem('nexus-theme') || 'dark';
    if (t === 'system') t = matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
    var root = document.documentElement;
    root.classList.toggle('dark', t !== 'light');
    root.style.colorScheme = t === 'light' ? 'light' : 'dark';
    var meta = document.querySelector('meta[name="theme-color"]');
    if (meta) meta.setAttribute('content', t === 'light' ? '#ffffff' : '#0b0d12');
  } catch (e) {}
})();
