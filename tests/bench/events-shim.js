// Node's EventEmitter, the part PouchDB's browser build uses: the `events` package is
// not installed, and Vite leaves Node built-ins out of browser bundles. A function with
// enumerable prototype methods, as PouchDB calls it unbound and copies its methods.
export function EventEmitter() {}

const listenersOf = (self, name) => ((self._piso_events ??= new Map()).get(name) ?? []);
const setListeners = (self, name, list) => (self._piso_events ??= new Map()).set(name, list);

Object.assign(EventEmitter.prototype, {
  on(name, fn) {
    setListeners(this, name, [...listenersOf(this, name), fn]);
    return this;
  },
  addListener(name, fn) {
    return this.on(name, fn);
  },
  once(name, fn) {
    const wrapper = (...args) => {
      this.removeListener(name, wrapper);
      fn.apply(this, args);
    };
    wrapper.listener = fn;
    return this.on(name, wrapper);
  },
  removeListener(name, fn) {
    setListeners(this, name, listenersOf(this, name).filter((f) => f !== fn && f.listener !== fn));
    return this;
  },
  off(name, fn) {
    return this.removeListener(name, fn);
  },
  removeAllListeners(name) {
    if (name === undefined) this._piso_events = new Map();
    else setListeners(this, name, []);
    return this;
  },
  emit(name, ...args) {
    const list = [...listenersOf(this, name)];
    for (const fn of list) fn.apply(this, args);
    return list.length > 0;
  },
  listeners(name) {
    return [...listenersOf(this, name)];
  },
  listenerCount(name) {
    return listenersOf(this, name).length;
  },
  setMaxListeners() {
    return this;
  },
});
export default EventEmitter;
