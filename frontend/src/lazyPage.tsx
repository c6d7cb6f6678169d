import { lazy, type ComponentType, type LazyExoticComponent } from "react";

/** A page whose code loads on first render, or earlier with load(). */
export type LazyPage = LazyExoticComponent<ComponentType> & { load: () => Promise<unknown> };

export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  // One import for both: the first call starts the download, later ones share it.
  let loading: Promise<{ default: ComponentType }> | undefined;
  const once = () => (loading ??= load());
  return Object.assign(lazy(once), { load: once });
}
