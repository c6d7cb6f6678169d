import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, loadPageFor } from "./App";
import "./styles.css";

// The page's code downloads while the app checks the sign-in, not after.
loadPageFor(location.pathname);

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
