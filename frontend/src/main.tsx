import { notifyManager } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, loadPageFor, prefetchFor } from "./App";
import "./styles.css";

// The page's code downloads while the app checks the sign-in, not after.
loadPageFor(location.pathname);
// And its data, once the sign-in check has answered.
prefetchFor(location.pathname);

// Each component hears of its query's answer in a task of its own, instead of every answer
// that came in together re-rendering its part of the page in one long task: on a slow phone
// the page then stays responsive while a dashboard's sections fill in one by one.
notifyManager.setNotifyFunction((notify) => setTimeout(notify, 0));

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
