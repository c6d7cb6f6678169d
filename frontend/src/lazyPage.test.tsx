import { render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { lazyPage } from "./lazyPage";

function Page() {
  return <p>page</p>;
}

describe("lazyPage", () => {
  it("downloads a page once, whether loaded early, rendered, or both", async () => {
    const load = vi.fn(() => Promise.resolve({ default: Page }));
    const LazyPage = lazyPage(load);
    expect(load).not.toHaveBeenCalled();

    const early = LazyPage.load();
    expect(LazyPage.load()).toBe(early);
    render(
      <Suspense fallback={null}>
        <LazyPage />
      </Suspense>,
    );
    expect(await screen.findByText("page")).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe("lazyPage, once loaded", () => {
  it("renders without suspending, so a Suspense fallback never replaces the screen", async () => {
    const LazyPage = lazyPage(() => Promise.resolve({ default: Page }));
    await LazyPage.load();
    render(
      <Suspense fallback={<p>fallback</p>}>
        <LazyPage />
      </Suspense>,
    );
    // Synchronously there: no fallback shown first.
    expect(screen.getByText("page")).toBeInTheDocument();
    expect(screen.queryByText("fallback")).not.toBeInTheDocument();
  });
});
