// The app's shell, kept for use without a network: the page, its style and its modules. The API and sign-in are
// never cached (answers about doors must be fresh, tokens never stored here); offline keys live in IndexedDB.
const SHELL = 'nyckelfri-app-v2';
const FILES = ['/app/', '/app/app.css', '/app/manifest.webmanifest', '/app/icon.svg', '/app/js/app.js', '/app/js/api.js',
  '/app/js/auth.js', '/app/js/base64url.js', '/app/js/cbor.js', '/app/js/device.js', '/app/js/door.js', '/app/js/i18n.js',
  '/app/js/protocol.js', '/app/js/store.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith('/app/')) return;
  // Network first, so a new version arrives at once; the kept shell when there is no network.
  const shellPath = url.pathname === '/app/' || url.pathname === '/app/index.html' ? '/app/' : url.pathname;
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok && FILES.includes(shellPath)) {
        const copy = response.clone();
        caches.open(SHELL).then((cache) => cache.put(shellPath, copy));
      }
      return response;
    })
    .catch(() => caches.match(shellPath).then((kept) => kept ?? Response.error())));
});
