import { Component, type ReactNode } from "react";
import { t } from "../i18n";

type State = { error: Error | null };

/** A page that fails to render says so in plain words instead of leaving a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (this.state.error) {
      return (
        <div className="error-state" role="alert">
          <p>
            {t({
              id: "app.errorBoundary.message",
              defaultMessage:
                "This page could not be shown. Reload the page; if it keeps happening, tell your coordinator what you were doing.",
            })}
          </p>
        </div>
      );
    }
    return this.props.children;
  }
}
