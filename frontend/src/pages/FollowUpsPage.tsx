import { useSearchParams } from "react-router";
import { useActivities } from "../api/hooks/activities";
import { useNetworkFollowUps } from "../api/hooks/followups";
import type { FollowUpFilters } from "../api/keys";
import { FollowUpList } from "../components/followups";
import { CsvLink } from "../components/exchange";
import { useNetworkContext } from "../components/Layout";
import { Empty, PageHeader, QueryState } from "../components/ui";
import { todayIso } from "../lib/format";
import { msg, t, type Message } from "../i18n";

const VIEWS = {
  mine: {
    label: msg({ id: "followups.view.mine", defaultMessage: "Mine" }),
    filters: { mine: true, status: "planned" },
  },
  overdue: {
    label: msg({ id: "followups.view.overdue", defaultMessage: "Overdue in the network" }),
    filters: { status: "planned", due_before: todayIso() },
  },
  network: {
    label: msg({ id: "followups.view.network", defaultMessage: "All planned in the network" }),
    filters: { status: "planned" },
  },
  done: { label: msg({ id: "followups.view.done", defaultMessage: "Done" }), filters: { status: "done" } },
} satisfies Record<string, { label: Message; filters: FollowUpFilters }>;

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
        title={t({ id: "followups.page.title", defaultMessage: "Follow-ups" })}
        subtitle={t({
          id: "followups.page.subtitle",
          defaultMessage: "What happens after an activity: action plans, coaching, check-ins. Soonest due first.",
        })}
        actions={
          <CsvLink path={`/networks/${network.id}/follow-ups.csv`} query={VIEWS[view].filters}>
            {t({ id: "followups.page.export_csv", defaultMessage: "Export CSV" })}
          </CsvLink>
        }
      />
      <div
        className="tabs"
        role="group"
        aria-label={t({ id: "followups.page.views", defaultMessage: "Which follow-ups" })}
      >
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={v === view}
            className={`tab ${v === view ? "tab-active" : ""}`}
            onClick={() => setParams({ view: v }, { replace: true })}
          >
            {t(VIEWS[v].label)}
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
                    ? t({ id: "followups.page.none_mine", defaultMessage: "You owe no follow-up." })
                    : view === "overdue"
                      ? t({ id: "followups.page.none_overdue", defaultMessage: "Nothing is overdue." })
                      : t({ id: "followups.page.none", defaultMessage: "No follow-ups here." })
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
