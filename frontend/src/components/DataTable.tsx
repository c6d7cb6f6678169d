/** The app's list tables: one markup for every page that lists rows, and its "Show more". */
import type { ReactNode } from "react";
import { t } from "../i18n";
import { Button } from "./ui";

/**
 * A table people can scroll sideways on a small screen (hence a focusable, labelled region),
 * with a caption for screen readers and one header cell per column.
 */
export function DataTable({
  caption,
  columns,
  label,
  children,
}: {
  caption: string;
  columns: string[];
  /** The scrolling region's name, when the table needs its own. */
  label?: string;
  /** The body's rows. */
  children: ReactNode;
}) {
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-label={label ?? t({ id: "common.table.region", defaultMessage: "Table, scrolls sideways on small screens" })}
    >
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** What LoadMore needs of an infinite query (TanStack's useInfiniteQuery result). */
type Pages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/** "Show more" under a paged list, while the API has another page. */
export function LoadMore({ pages }: { pages: Pages }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className="load-more">
      <Button onClick={() => void pages.fetchNextPage()} busy={pages.isFetchingNextPage}>
        {t({ id: "common.table.show_more", defaultMessage: "Show more" })}
      </Button>
    </div>
  );
}
