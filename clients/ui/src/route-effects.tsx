import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * Document title per page (`{title} · {site}`, the first of `titles` whose pattern matches the
 * path, else `{site}`); new pages start at the top.
 */
export function RouteEffects({ titles, site }: { titles: readonly (readonly [RegExp, string])[]; site: string }) {
  const { pathname } = useLocation();
  useEffect(() => {
    const title = titles.find(([re]) => re.test(pathname))?.[1];
    document.title = title ? `${title} · ${site}` : site;
    window.scrollTo(0, 0);
  }, [pathname, titles, site]);
  return null;
}
