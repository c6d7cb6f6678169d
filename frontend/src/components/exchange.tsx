/** CSV import/export and the calendar feed, where people look for them. */
import { useState, type ChangeEvent } from "react";
import { ApiError, errorMessage } from "../api/client";
import { useCalendarFeed, useImportActivities } from "../api/hooks/partners";
import { Button, Card } from "./ui";
import { useToast } from "./toast";

/** "/rows/3/title" → "Row 3, title"; "/rows/4" → "Row 4". */
export function describePointer(pointer: string): string {
  const m = /^\/rows\/(\d+)(?:\/(.+))?$/.exec(pointer);
  if (!m) return pointer.replace(/^\//, "") || "The file";
  return m[2] ? `Row ${m[1]}, ${m[2].replace(/_/g, " ")}` : `Row ${m[1]}`;
}

/** A CSV export link carrying a list's filters; empty ones are left out. */
export function csvHref(path: string, query: Record<string, string | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ""}`;
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
    <Card
      title="Import activities from CSV"
      id="import"
      actions={
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      }
    >
      <p className="small muted">
        Use the columns of the export. The file is checked first; nothing is saved until you confirm, and one bad row
        rejects the whole file.
      </p>
      <div className="field">
        <label htmlFor="import-file">CSV file</label>
        <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
      </div>
      <div className="row-actions">
        <Button
          disabled={!csv}
          busy={run.isPending && run.variables?.dryRun}
          onClick={() => csv && run.mutate({ csv, dryRun: true })}
        >
          Check {fileName || "file"}
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
                    toast.notify(`${r.created} activities imported.`);
                    onClose();
                  },
                },
              )
            }
          >
            Import {checked.created} activities
          </Button>
        ) : null}
      </div>
      {checked ? (
        <p role="status">
          The file is valid: {checked.created} activities, e.g. “{checked.activities[0]?.title ?? "—"}”.
        </p>
      ) : null}
      {run.error ? (
        <div className="form-errors" role="alert">
          <p>
            {problems.length ? "The file was not imported. Fix these cells and try again:" : errorMessage(run.error)}
          </p>
          <ul>
            {problems.slice(0, 20).map((p) => (
              <li key={p.pointer + p.detail}>
                {describePointer(p.pointer)}: {p.detail}
              </li>
            ))}
          </ul>
          {problems.length > 20 ? <p>…and {problems.length - 20} more.</p> : null}
        </div>
      ) : null}
    </Card>
  );
}

export function CalendarPanel({ networkId, onClose }: { networkId: string; onClose: () => void }) {
  const feed = useCalendarFeed(networkId);
  const [copied, setCopied] = useState(false);
  return (
    <Card
      title="Calendar"
      id="calendar"
      actions={
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      }
    >
      <p>
        <a href={`/api/v1/networks/${networkId}/calendar.ics`} download>
          Download the calendar (.ics)
        </a>{" "}
        with every activity and recurring meeting.
      </p>
      <p className="small muted">
        Or subscribe in your calendar app: the private link below keeps it up to date. Anyone with the link can read the
        calendar, so keep it to yourself. Asking for a new link stops the old one.
      </p>
      <Button busy={feed.isPending} onClick={() => feed.mutate()}>
        {feed.data ? "Get a new link" : "Get a subscription link"}
      </Button>
      {feed.error ? <p className="field-error">{errorMessage(feed.error)}</p> : null}
      {feed.data ? (
        <div className="field">
          <label htmlFor="feed-url">Subscription link</label>
          <input id="feed-url" readOnly value={feed.data.url} onFocus={(e) => e.target.select()} />
          <div className="row-actions">
            <Button
              size="sm"
              onClick={() => void navigator.clipboard?.writeText(feed.data.url).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy link"}
            </Button>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
