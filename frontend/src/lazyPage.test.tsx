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
