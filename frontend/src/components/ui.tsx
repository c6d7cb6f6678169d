/** The small component set every page uses: buttons, cards, states, badges. */
import { useDeferredValue, useEffect, useState, type ButtonHTMLAttributes, type ReactNode } from "react";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { msg, t, type Message } from "../i18n";

/** The product's name: the same in every language. */
export const PRODUCT_NAME = "Drumbeat";

const BACK_ARROW = "←";

/** An arrow pointing back (towards the reading start): mirrored in right-to-left languages. */
export function BackArrow() {
  return (
    <span aria-hidden="true" className="arrow-back">
      {BACK_ARROW}
    </span>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  busy?: boolean;
  size?: "sm" | "md";
};

export function Button({
  variant = "secondary",
  busy,
  size = "md",
  className,
  children,
  disabled,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn-${variant} btn-${size} ${className ?? ""}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}

export function ButtonLink({
  to,
  children,
  variant = "secondary",
}: {
  to: string;
  children: ReactNode;
  variant?: "primary" | "secondary";
}) {
  return (
    <Link to={to} className={`btn btn-${variant} btn-md`}>
      {children}
    </Link>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  // The tab title names the page, for screen readers, history and bookmarks.
  useEffect(() => {
    if (typeof title === "string")
      document.title = t({ id: "common.documentTitle", defaultMessage: "{page} · Drumbeat" }, { page: title });
  }, [title]);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}

export function Card({
  title,
  children,
  actions,
  className,
  headingLevel = 2,
  id,
}: {
  title?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
  id?: string;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={`card ${className ?? ""}`} aria-labelledby={title && id ? `${id}-title` : undefined}>
      {title || actions ? (
        <div className="card-header">
          {title ? <H id={id ? `${id}-title` : undefined}>{title}</H> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Loading({ label, lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? t({ id: "common.loading", defaultMessage: "Loading…" })}</span>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}

/** Answers that trying again cannot change: what was asked for is gone or not the caller's. */
function isFinal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (isFinal(error)) {
    // A missing network or activity: say so and offer the way home, not a retry.
    return (
      <div className="error-state" role="alert">
        <p>{errorMessage(error)}</p>
        <p>
          <Link to="/">{t({ id: "app.notFound.home", defaultMessage: "Go to your networks" })}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="error-state" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          {t({ id: "common.tryAgain", defaultMessage: "Try again" })}
        </Button>
      ) : null}
    </div>
  );
}

/** Renders loading / error / empty states around a query's data. */
export function QueryState<T>({
  query,
  empty,
  children,
  lines,
}: {
  query: { data: T | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
  lines?: number;
}) {
  // The answer is drawn in a render React may pause (every few milliseconds, for the browser
  // to do other work), from the first render on: a long list arriving does not freeze a slow
  // phone. Until that render is done, the placeholder stays.
  const data = useDeferredValue(query.data, undefined);
  if (query.isPending || (query.data !== undefined && data === undefined)) return <Loading lines={lines} />;
  if (query.error || data === undefined) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const emptyNode = empty?.(data);
  if (emptyNode) return <>{emptyNode}</>;
  return <>{children(data)}</>;
}

export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: "neutral" | "good" | "warn" | "bad" | "info";
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** The statuses badges show (activities, follow-ups, findings, meetings), in the reader's words. */
const STATUS_WORDS: Record<string, Message> = {
  planned: msg({ id: "common.status.planned", defaultMessage: "planned" }),
  held: msg({ id: "common.status.held", defaultMessage: "held" }),
  cancelled: msg({ id: "common.status.cancelled", defaultMessage: "cancelled" }),
  done: msg({ id: "common.status.done", defaultMessage: "done" }),
  dropped: msg({ id: "common.status.dropped", defaultMessage: "dropped" }),
  open: msg({ id: "common.status.open", defaultMessage: "open" }),
  acknowledged: msg({ id: "common.status.acknowledged", defaultMessage: "acknowledged" }),
  snoozed: msg({ id: "common.status.snoozed", defaultMessage: "snoozed" }),
  dismissed: msg({ id: "common.status.dismissed", defaultMessage: "dismissed" }),
  resolved: msg({ id: "common.status.resolved", defaultMessage: "resolved" }),
  missed: msg({ id: "common.status.missed", defaultMessage: "missed" }),
  overdue: msg({ id: "common.status.overdue", defaultMessage: "overdue" }),
  upcoming: msg({ id: "common.status.upcoming", defaultMessage: "upcoming" }),
};

export function StatusBadge({ status }: { status: string }) {
  const tone =
    status === "held" || status === "done" || status === "resolved"
      ? "good"
      : status === "open" || status === "missed" || status === "overdue"
        ? "bad"
        : status === "acknowledged" || status === "planned" || status === "upcoming"
          ? "info"
          : "neutral";
  const words = STATUS_WORDS[status];
  return <Badge tone={tone}>{words ? t(words) : status.replace(/_/g, " ")}</Badge>;
}

/** A figure with its name, an optional detail (hint) and what it means, in plain words. */
export function Stat({
  label,
  value,
  hint,
  hintPending = false,
  explanation,
}: {
  label: string;
  value: ReactNode;
  hint?: string;
  /** The hint is on its way: keep its room, so the page does not jump when it comes. */
  hintPending?: boolean;
  explanation?: string;
}) {
  return (
    <div className="stat">
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {hint ? (
        <div className="stat-hint muted">{hint}</div>
      ) : hintPending ? (
        <div className="stat-hint stat-hint-pending" aria-hidden="true" />
      ) : null}
      {explanation ? <p className="stat-explanation">{explanation}</p> : null}
    </div>
  );
}

/**
 * A destructive action that asks first, inline: the button turns into a question with
 * "yes" and "no" buttons (no browser dialog, so it works the same with a screen reader).
 */
export function ConfirmButton({
  children,
  question,
  yes,
  no,
  onConfirm,
  busy,
  label: ariaLabel,
}: {
  children: ReactNode;
  question: string;
  yes: string;
  no: string;
  onConfirm: () => void;
  busy?: boolean;
  label?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button size="sm" variant="ghost" aria-label={ariaLabel} busy={busy} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="small">{question}</span>
      <Button
        size="sm"
        variant="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
        {no}
      </Button>
    </span>
  );
}

/**
 * The narrow card of the pages a person sees before or while signing in (sign-in,
 * invitation, password reset); `brand` puts the product's mark above it.
 */
export function AccountCard({ brand = false, children }: { brand?: boolean; children: ReactNode }) {
  return (
    <main id="main" className="login-page" tabIndex={-1}>
      <div className="login-card">
        {brand ? (
          <p className="brand login-brand">
            <span className="brand-mark" aria-hidden="true" />
            {PRODUCT_NAME}
          </p>
        ) : null}
        {children}
      </div>
    </main>
  );
}
