import { useEffect, useState } from 'react';
import type { ApiClient } from './api/client.ts';

/**
 * Object URLs of images the API served, by their URL. An `avatarUrl` carries the portrait's version, so an
 * entry never goes stale; a failed load is forgotten so a later render tries again.
 */
const loaded = new Map<string, Promise<string>>();

function load(api: ApiClient, url: string): Promise<string> {
  let entry = loaded.get(url);
  if (!entry) {
    entry = api.image(url).then((blob) => URL.createObjectURL(blob));
    entry.catch(() => loaded.delete(url));
    loaded.set(url, entry);
  }
  return entry;
}

/**
 * A pet's portrait as a URL an `<img>` can show, or null while it loads, when there is none or it failed
 * (callers then show the letter avatar). The image is fetched with the app's credentials (the bearer token
 * today, the session cookie later), so it works however the user signed in.
 */
export function usePortrait(api: ApiClient | undefined, url: string | null): string | null {
  const [shown, setShown] = useState<{ url: string; objectUrl: string } | null>(null);
  useEffect(() => {
    if (!api || !url) return;
    let live = true;
    load(api, url).then(
      (objectUrl) => {
        if (live) setShown({ url, objectUrl });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, url]);
  return shown && shown.url === url ? shown.objectUrl : null;
}
