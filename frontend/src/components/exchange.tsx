/** CSV import/export and the calendar feed, where people look for them. */
import { useState, type ChangeEvent, type ReactNode } from "react";
import { ApiError, errorMessage } from "../api/client";
import { useCalendarFeed, useImportActivities } from "../api/hooks/partners";
import { Button, Card } from "./ui";
import { useToast } from "./toast";
import { fill, slot } from "./findings";
import { t } from "../i18n";
import { specificErrorText } from "../lib/errorCodes";

/** "/rows/3/title" → "Row 3, title"; "/rows/4" → "Row 4". */
export function describePointer(pointer: string): string {
  const m = /^\/rows\/(\d+)(?:\/(.+))?$/.exec(pointer);
  if (!m) return pointer.replace(/^\//, "") || t({ id: "exchange.import.the_file", defaultMessage: "The file" });
  return m[2]
    ? t(
        { id: "exchange.import.row_cell", defaultMessage: "Row {row}, {column}" },
        { row: m[1], column: m[2].replace(/_/g, " ") },
      )
    : t({ id: "exchange.import.row", defaultMessage: "Row {row}" }, { row: m[1] });
}

/** A CSV export link carrying a list's filters; empty ones are left out, lists repeat. */
export function csvHref(path: string, query: Record<string, string | string[] | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else if (value) params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ""}`;
}

/** The button-like link that downloads a list as CSV, with the list's filters. */
export function CsvLink({
  path,
  query,
  children,
}: {
  path: string;
  query: Parameters<typeof csvHref>[1];
  children: ReactNode;
}) {
  return (
    <a className="btn btn-secondary btn-md" href={csvHref(path, query)} download>
      {children}
    </a>
  );
}

/** A card opened from a list's header, with its Close button. */
function Panel({
  title,
  id,
  onClose,
  children,
}: {
  title: string;
  id: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Card
      title={title}
      id={id}
      actions={
        <Button size="sm" variant="ghost" onClick={onClose}>
          {t({ id: "exchange.close", defaultMessage: "Close" })}
        </Button>
      }
    >
      {children}
    </Card>
  );
}

export function ImportPanel({ networkId, onClose }: { networkId: string; onClose: () => void }) {
  const run = useImportActivities(networkId);
  const toast = useToast();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const checked = run.data?.dry_run ? run.data : null;
  const problems = run.error instanceof ApiError ? (run.error.problem?.errors ?? []) : [];

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    run.reset();
    if (!file) return setCsv(null);
    setFileName(file.name);
    setCsv(await file.text());
  }

  return (
    <Panel
      title={t({ id: "exchange.import.title", defaultMessage: "Import activities from CSV" })}
      id="import"
      onClose={onClose}
    >
      <p className="small muted">
        {t({
          id: "exchange.import.intro",
          defaultMessage:
            "Use the columns of the export. The file is checked first; nothing is saved until you confirm, and one bad row rejects the whole file.",
        })}
      </p>
      <div className="field">
        <label htmlFor="import-file">{t({ id: "exchange.import.file", defaultMessage: "CSV file" })}</label>
        <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
      </div>
      <div className="row-actions">
        <Button
          disabled={!csv}
          busy={run.isPending && run.variables?.dryRun}
          onClick={() => csv && run.mutate({ csv, dryRun: true })}
        >
          {fileName
            ? t({ id: "exchange.import.check_named", defaultMessage: "Check {name}" }, { name: fileName })
            : t({ id: "exchange.import.check", defaultMessage: "Check the file" })}
        </Button>
        {checked ? (
          <Button
            variant="primary"
            busy={run.isPending}
            onClick={() =>
              csv &&
              run.mutate(
                { csv, dryRun: false },
                {
                  onSuccess: (r) => {
                    toast.notify(
                      t(
                        {
                          id: "exchange.import.done",
                          defaultMessage: "{count, plural, one {# activity imported.} other {# activities imported.}}",
                        },
                        { count: r.created },
                      ),
                    );
                    onClose();
                  },
                },
              )
            }
          >
            {t(
              {
                id: "exchange.import.confirm",
                defaultMessage: "{count, plural, one {Import # activity} other {Import # activities}}",
              },
              { count: checked.created },
            )}
          </Button>
        ) : null}
      </div>
      {checked ? (
        <p role="status">
          {checked.activities[0]
            ? t(
                {
                  id: "exchange.import.valid",
                  defaultMessage:
                    "The file is valid: {count, plural, one {# activity} other {# activities}}, e.g. “{title}”.",
                },
                { count: checked.created, title: checked.activities[0].title },
              )
            : t(
                {
                  id: "exchange.import.valid_empty",
                  defaultMessage: "The file is valid: {count, plural, one {# activity} other {# activities}}.",
                },
                { count: checked.created },
              )}
        </p>
      ) : null}
      {run.error ? (
        <div className="form-errors" role="alert">
          <p>
            {problems.length
              ? t({
                  id: "exchange.import.rejected",
                  defaultMessage: "The file was not imported. Fix these cells and try again:",
                })
              : errorMessage(run.error)}
          </p>
          <ul>
            {problems.slice(0, 20).map((p) => (
              <li key={p.pointer + p.detail}>
                {t(
                  { id: "exchange.import.problem", defaultMessage: "{where}: {detail}" },
                  { where: describePointer(p.pointer), detail: specificErrorText(p.code, p.detail) },
                )}
              </li>
            ))}
          </ul>
          {problems.length > 20 ? (
            <p>
              {t(
                {
                  id: "exchange.import.more_problems",
                  defaultMessage: "…and {count, plural, one {# more} other {# more}}.",
                },
                { count: problems.length - 20 },
              )}
            </p>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}

export function CalendarPanel({ networkId, onClose }: { networkId: string; onClose: () => void }) {
  const feed = useCalendarFeed(networkId);
  const [copied, setCopied] = useState(false);
  return (
    <Panel title={t({ id: "exchange.calendar.title", defaultMessage: "Calendar" })} id="calendar" onClose={onClose}>
      <p>
        {fill(
          t(
            {
              id: "exchange.calendar.download",
              defaultMessage: "{link} with every activity and recurring meeting.",
            },
            { link: slot("link") },
          ),
          {
            link: (
              <a href={`/api/v1/networks/${networkId}/calendar.ics`} download>
                {t({ id: "exchange.calendar.download_link", defaultMessage: "Download the calendar (.ics)" })}
              </a>
            ),
          },
        )}
      </p>
      <p className="small muted">
        {t({
          id: "exchange.calendar.subscribe_intro",
          defaultMessage:
            "Or subscribe in your calendar app: the private link below keeps it up to date. Anyone with the link can read the calendar, so keep it to yourself. Asking for a new link stops the old one.",
        })}
      </p>
      <Button busy={feed.isPending} onClick={() => feed.mutate()}>
        {feed.data
          ? t({ id: "exchange.calendar.new_link", defaultMessage: "Get a new link" })
          : t({ id: "exchange.calendar.get_link", defaultMessage: "Get a subscription link" })}
      </Button>
      {feed.error ? <p className="field-error">{errorMessage(feed.error)}</p> : null}
      {feed.data ? (
        <div className="field">
          <label htmlFor="feed-url">{t({ id: "exchange.calendar.link", defaultMessage: "Subscription link" })}</label>
          <input id="feed-url" readOnly value={feed.data.url} onFocus={(e) => e.target.select()} />
          <div className="row-actions">
            <Button
              size="sm"
              onClick={() => void navigator.clipboard?.writeText(feed.data.url).then(() => setCopied(true))}
            >
              {copied
                ? t({ id: "exchange.calendar.copied", defaultMessage: "Copied" })
                : t({ id: "exchange.calendar.copy", defaultMessage: "Copy link" })}
            </Button>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}
