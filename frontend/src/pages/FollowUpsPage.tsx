import { useSearchParams } from "react-router";
import { useActivities } from "../api/hooks/activities";
import { useNetworkFollowUps } from "../api/hooks/followups";
import type { FollowUpFilters } from "../api/keys";
import { FollowUpList } from "../components/followups";
import { csvHref } from "../components/exchange";
import { useNetworkContext } from "../components/Layout";
import { Empty, PageHeader, QueryState } from "../components/ui";
import { todayIso } from "../lib/format";

const VIEWS = {
  mine: { label: "Mine", filters: { mine: true, status: "planned" } },
  overdue: { label: "Overdue in the network", filters: { status: "planned", due_before: todayIso() } },
  network: { label: "All planned in the network", filters: { status: "planned" } },
  done: { label: "Done", filters: { status: "done" } },
} satisfies Record<string, { label: string; filters: FollowUpFilters }>;

type View = keyof typeof VIEWS;

export default function FollowUpsPage() {
  const { network, canEdit } = useNetworkContext();
  const [params, setParams] = useSearchParams();
  const view = (params.get("view") as View) in VIEWS ? (params.get("view") as View) : "mine";
  const list = useNetworkFollowUps(network.id, VIEWS[view].filters);
  const activities = useActivities(network.id, {}, 200);
  const titles = new Map((activities.data?.items ?? []).map((a) => [a.id, a.title]));
  return (
    <>
      <PageHeader
        title="Follow-ups"
        subtitle="What happens after an activity: action plans, coaching, check-ins. Soonest due first."
        actions={
          <a
            className="btn btn-secondary btn-md"
            download
            href={csvHref(`/networks/${network.id}/follow-ups.csv`, VIEWS[view].filters)}
          >
            Export CSV
          </a>
        }
      />
      <div className="tabs" role="group" aria-label="Which follow-ups">
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={v === view}
            className={`tab ${v === view ? "tab-active" : ""}`}
            onClick={() => setParams({ view: v }, { replace: true })}
          >
            {VIEWS[v].label}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        <QueryState
          query={list}
          lines={5}
          empty={(items) =>
            items.length === 0 ? (
              <Empty
                title={
                  view === "mine"
                    ? "You owe no follow-up."
                    : view === "overdue"
                      ? "Nothing is overdue."
                      : "No follow-ups here."
                }
              />
            ) : null
          }
        >
          {(items) => (
            <FollowUpList items={items} networkId={network.id} canEdit={canEdit} showActivity activityTitles={titles} />
          )}
        </QueryState>
      </div>
    </>
  );
}
