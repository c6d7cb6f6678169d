/**
 * A list page's filters: kept in the URL (so a filtered list can be shared, reloaded and
 * returned to), shown as a search form of labelled controls above the list.
 */
import { useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";

/**
 * The page's search parameters, and `setFilter(key, value)`: sets one filter in the URL (an
 * empty value removes it), replacing the history entry so Back leaves the list.
 * `{...bind(key)}` gives a filter control that filter's value and change handler.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const bind = (key: string) => ({ value: params.get(key) ?? "", onChange: (value: string) => setFilter(key, value) });
  return { params, setFilter, bind };
}

/**
 * The text of the `q` filter as the user types it: the URL (and so the request) follows
 * only once they pause, one request rather than one per key.
 */
export function useSearchText(params: URLSearchParams, setFilter: (key: string, value: string) => void) {
  const [q, setQ] = useState(params.get("q") ?? "");
  useEffect(() => {
    if (q === (params.get("q") ?? "")) return;
    const timer = window.setTimeout(() => setFilter("q", q), 300);
    return () => window.clearTimeout(timer);
  });
  return [q, setQ] as const;
}

/** The filters' form: a named search landmark whose controls apply as they change. */
export function FilterForm({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form className="filters" role="search" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}

/** The free-text filter. */
export function SearchFilter({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor="f-q">{label}</label>
      <input
        id="f-q"
        type="search"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/**
 * A filter chosen from a list. `any` names the first option, the empty value (no filter);
 * `children` are options after the list's.
 */
export function SelectFilter({
  id,
  label,
  value,
  onChange,
  any,
  options,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  any?: string;
  options: { value: string; label: string }[];
  children?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {any !== undefined ? <option value="">{any}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}
