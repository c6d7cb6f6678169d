import { notifyManager } from "@tanstack/react-query";
import { startTransition, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, loadPageFor, prefetchFor } from "./App";
import "./styles.css";

// The page's code downloads while the app checks the sign-in, not after.
loadPageFor(location.pathname);
// And its data, once the sign-in check has answered.
const signInChecked = prefetchFor(location.pathname);

// Each component hears of its query's answer in a task of its own, instead of every answer
// that came in together re-rendering its part of the page in one long task: on a slow phone
// the page then stays responsive while a dashboard's sections fill in one by one.
notifyManager.setNotifyFunction((notify) => setTimeout(notify, 0));

// The first render waits for the sign-in check (preloaded with the page, so usually answered
// by now; at most a second, then "Checking your sign-in…" shows), so that it draws the page
// itself rather than a placeholder first. It is a transition: React draws the whole page in
// slices of a few milliseconds, and a slow phone stays responsive while it does.
const root = createRoot(document.getElementById("root") as HTMLElement);
const aSecond = new Promise((resolve) => setTimeout(resolve, 1000));
void Promise.race([signInChecked, aSecond]).then(() =>
  startTransition(() =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  ),
);
