/**
 * The portal's service worker (scope `/`): keeps the app shell and the resident's last inbox and
 * family list on the device for use without a network, and shows push notifications of warnings
 * while the app is closed. Built by client/vite.config.ts into dist/sw.js, sharing no module with
 * the app.
 */
import { onNotificationClick, onPush } from './notifications';
import { clearOfflineData, keepsOffline, networkFirst } from './offline-data';
import { dropOldShells, installShell, pageNetworkFirst, shellFiles, shellFirst } from './precache';
import { runTestHook } from './test-hook';
import type { PageToWorker, WorkerScope } from './worker-types';

const scope = self as unknown as WorkerScope;

scope.addEventListener('install', (event) => {
  event.waitUntil(installShell().then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(dropOldShells().then(() => scope.clients.claim()));
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin || request.method !== 'GET') return;
  if (keepsOffline(request, url)) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(pageNetworkFirst(request));
  } else if (shellFiles().includes(url.pathname)) {
    event.respondWith(shellFirst(request));
  }
  // Everything else (other API routes, sockets, tiles) goes to the network as if no worker were here.
});

scope.addEventListener('push', (event) => {
  event.waitUntil(onPush(scope, event.data?.text()));
});

scope.addEventListener('notificationclick', (event) => {
  event.waitUntil(onNotificationClick(scope, event.notification));
});

scope.addEventListener('message', (event) => {
  const message = event.data as PageToWorker | null;
  if (message?.type === 'hinan:sign-out') event.waitUntil(clearOfflineData());
  else if (message?.type === 'hinan:e2e-notificationclick')
    event.waitUntil(runTestHook(scope, message.tag, event.source));
});
