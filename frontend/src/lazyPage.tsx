import { lazy, type ComponentType } from "react";

/** A page whose code loads on first render, or earlier with load(). */
export type LazyPage = ComponentType & { load: () => Promise<unknown> };

export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  // One import for both: the first call starts the download, later ones share it.
  let loading: Promise<{ default: ComponentType }> | undefined;
  let loaded: ComponentType | undefined;
  const once = () =>
    (loading ??= load().then((module) => {
      loaded = module.default;
      return module;
    }));
  const Lazy = lazy(once);
  // Once the code is here (load() ran early, or an earlier visit), the page renders at once:
  // React.lazy would still suspend for a moment on its first render, and the nearest
  // Suspense boundary would swap what is on screen for its fallback and back.
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return Object.assign(Page, { load: once });
}
