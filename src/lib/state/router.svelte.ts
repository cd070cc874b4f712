// The current route as a rune, following location.hash.
import { parseRoute, type Route } from './routes';

class Router {
  #route = $state<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('hashchange', () => {
      this.#route = parseRoute(location.hash);
      // A new screen starts at its top, and its heading takes the focus for screen readers.
      window.scrollTo(0, 0);
    });
  }

  get route(): Route {
    return this.#route;
  }

  go(hash: string): void {
    location.hash = hash;
  }
}

export const router = new Router();
