import { useSearchParams } from "react-router";
import { useActivities } from "../api/hooks/activities";
import { useReflections } from "../api/hooks/reflections";
import type { ReflectionFilters } from "../api/keys";
import { useNetworkContext } from "../components/Layout";
import { ReflectionForm, ReflectionList } from "../components/reflections";
import { Card, Empty, PageHeader, QueryState } from "../components/ui";
import { REFLECTION_TAGS, VISIBILITIES, options } from "../lib/labels";
import { tagLabel } from "../components/reflections";
import { t } from "../i18n";

export default function ReflectionsPage() {
  const { network, canEdit, userId } = useNetworkContext();
  const [params, setParams] = useSearchParams();
  // Taken from the URL as they are: the API checks them (an unknown value is its 422).
  const filters: ReflectionFilters = {
    mine: params.get("mine") === "true" || undefined,
    tag: params.get("tag") || undefined,
    visibility: (params.get("visibility") || undefined) as ReflectionFilters["visibility"],
  };
  const list = useReflections(network.id, filters);
  const activities = useActivities(network.id, {}, 200);
  const titles = new Map((activities.data?.items ?? []).map((a) => [a.id, a.title]));
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        title={t({ id: "reflections.page.title", defaultMessage: "Reflections" })}
        subtitle={t({
          id: "reflections.page.subtitle",
          defaultMessage:
            "A journal of learning on power, gender, governance and mutuality. You choose who reads each note.",
        })}
      />
      <div className="grid grid-journal">
        {canEdit ? (
          <Card title={t({ id: "reflections.page.write", defaultMessage: "Write a reflection" })} id="write">
            <ReflectionForm networkId={network.id} />
          </Card>
        ) : null}
        <section aria-labelledby="journal-title" className="journal">
          <h2 id="journal-title">{t({ id: "reflections.page.journal", defaultMessage: "Journal" })}</h2>
          <form
            className="filters"
            role="search"
            aria-label={t({ id: "reflections.page.filters", defaultMessage: "Filter reflections" })}
            onSubmit={(e) => e.preventDefault()}
          >
            <div className="field">
              <label htmlFor="r-tag">{t({ id: "reflections.page.tag", defaultMessage: "Tag" })}</label>
              <select id="r-tag" value={filters.tag ?? ""} onChange={(e) => setFilter("tag", e.target.value)}>
                <option value="">{t({ id: "reflections.page.any_tag", defaultMessage: "Any tag" })}</option>
                {REFLECTION_TAGS.map((tag) => (
                  <option key={tag} value={tag}>
                    {tagLabel(tag)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="r-vis">{t({ id: "reflections.page.visibility", defaultMessage: "Visibility" })}</label>
              <select
                id="r-vis"
                value={filters.visibility ?? ""}
                onChange={(e) => setFilter("visibility", e.target.value)}
              >
                <option value="">{t({ id: "reflections.page.any_visibility", defaultMessage: "Any" })}</option>
                {options(VISIBILITIES).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={Boolean(filters.mine)}
                onChange={(e) => setFilter("mine", e.target.checked ? "true" : "")}
              />
              {t({ id: "reflections.page.only_mine", defaultMessage: "Only mine" })}
            </label>
          </form>
          <QueryState
            query={list}
            lines={5}
            empty={(items) =>
              items.length === 0 ? (
                <Empty title={t({ id: "reflections.page.none", defaultMessage: "No reflections yet." })} />
              ) : null
            }
          >
            {(items) => <ReflectionList items={items} networkId={network.id} userId={userId} activityTitles={titles} />}
          </QueryState>
        </section>
      </div>
    </>
  );
}
