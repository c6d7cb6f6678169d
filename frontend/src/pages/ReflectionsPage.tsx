import { useActivities } from "../api/hooks/activities";
import { useReflections } from "../api/hooks/reflections";
import type { ReflectionFilters } from "../api/keys";
import { FilterForm, SelectFilter, useUrlFilters } from "../components/filters";
import { useNetworkContext } from "../components/Layout";
import { ReflectionForm, ReflectionList } from "../components/reflections";
import { Card, Empty, PageHeader, QueryState } from "../components/ui";
import { REFLECTION_TAGS, VISIBILITIES, options } from "../lib/labels";
import { tagLabel } from "../components/reflections";
import { t } from "../i18n";

export default function ReflectionsPage() {
  const { network, canEdit, userId } = useNetworkContext();
  const { params, setFilter, bind } = useUrlFilters();
  // Taken from the URL as they are: the API checks them (an unknown value is its 422).
  const filters: ReflectionFilters = {
    mine: params.get("mine") === "true" || undefined,
    tag: params.get("tag") || undefined,
    visibility: (params.get("visibility") || undefined) as ReflectionFilters["visibility"],
  };
  const list = useReflections(network.id, filters);
  const activities = useActivities(network.id, {}, 200);
  const titles = new Map((activities.data?.items ?? []).map((a) => [a.id, a.title]));
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
          <FilterForm label={t({ id: "reflections.page.filters", defaultMessage: "Filter reflections" })}>
            <SelectFilter
              id="r-tag"
              label={t({ id: "reflections.page.tag", defaultMessage: "Tag" })}
              {...bind("tag")}
              any={t({ id: "reflections.page.any_tag", defaultMessage: "Any tag" })}
              options={REFLECTION_TAGS.map((tag) => ({ value: tag, label: tagLabel(tag) }))}
            />
            <SelectFilter
              id="r-vis"
              label={t({ id: "reflections.page.visibility", defaultMessage: "Visibility" })}
              {...bind("visibility")}
              any={t({ id: "reflections.page.any_visibility", defaultMessage: "Any" })}
              options={options(VISIBILITIES)}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={Boolean(filters.mine)}
                onChange={(e) => setFilter("mine", e.target.checked ? "true" : "")}
              />
              {t({ id: "reflections.page.only_mine", defaultMessage: "Only mine" })}
            </label>
          </FilterForm>
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
