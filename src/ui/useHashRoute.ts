import { useEffect, useState } from 'react';
import { routeFromHash } from './router';

/** The current screen id from location.hash, following hash changes. */
export function useHashRoute(known: readonly string[], fallback: string): string {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash, known, fallback));
  useEffect(() => {
    const onChange = (): void => setRoute(routeFromHash(window.location.hash, known, fallback));
    window.addEventListener('hashchange', onChange);
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, [known, fallback]);
  return route;
}
