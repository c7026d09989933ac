/**
 * The app shell kept on the device: index.html, the hashed scripts and styles of this build, the
 * manifest and icons. The list is written into the built worker by the build (client/vite.config.ts
 * replaces the placeholder below), so each build's worker names its own files and a new build
 * installs as a new worker.
 */
declare const __HINAN_PRECACHE__: string[];

export const SHELL_CACHE_PREFIX = 'hinan-shell-';

export function shellFiles(): string[] {
  return __HINAN_PRECACHE__;
}

let cacheName: Promise<string> | null = null;

/** One cache per build, named by a digest of its file list. */
export function shellCacheName(): Promise<string> {
  cacheName ??= digestName();
  return cacheName;
}

async function digestName(): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(shellFiles().join('\n')));
  const hex = [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0'));
  return `${SHELL_CACHE_PREFIX}${hex.join('')}`;
}

export async function installShell(): Promise<void> {
  const cache = await caches.open(await shellCacheName());
  // `reload`: past the HTTP cache, so a worker never installs with a stale index.html.
  await cache.addAll(shellFiles().map((file) => new Request(file, { cache: 'reload' })));
}

/** Deletes the shells of earlier builds once this one is active. */
export async function dropOldShells(): Promise<void> {
  const current = await shellCacheName();
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== current)
      .map((name) => caches.delete(name)),
  );
}

/** A file of the shell from the device, else from the network. */
export async function shellFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: await shellCacheName() });
  return kept ?? fetch(request);
}

/** Pages: the network when it answers, else the shell's index.html (the app routes by hash). */
export async function pageNetworkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const index = await caches.match('/index.html', { cacheName: await shellCacheName() });
    if (index) return index;
    throw error;
  }
}
