/** The app's list tables: one markup for every page that lists rows, and its "Show more". */
import type { ReactNode } from "react";
import { t } from "../i18n";
import { Button } from "./ui";

/**
 * A column's heading: its text, or, for a column of buttons, a heading only screen readers
 * read (`shrink`: the column is as narrow as its buttons).
 */
export type Column = string | { hidden: string; shrink?: boolean };

/**
 * A table people can scroll sideways on a small screen (hence a focusable, labelled region),
 * with a caption for screen readers when the region's name does not say enough, and one
 * header cell per column.
 */
export function DataTable({
  caption,
  columns,
  label,
  children,
}: {
  caption?: ReactNode;
  columns: Column[];
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
        {caption !== undefined ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column, i) =>
              typeof column === "string" ? (
                <th key={i} scope="col">
                  {column}
                </th>
              ) : (
                <th key={i} scope="col" className={column.shrink ? "cell-actions" : undefined}>
                  <span className="visually-hidden">{column.hidden}</span>
                </th>
              ),
            )}
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
