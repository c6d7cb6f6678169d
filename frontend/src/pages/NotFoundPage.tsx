import { Link } from "react-router";
import { t } from "../i18n";

export default function NotFoundPage() {
  return (
    <main id="main" tabIndex={-1} className="content content-narrow">
      <h1>{t({ id: "app.notFound.title", defaultMessage: "Page not found" })}</h1>
      <p>{t({ id: "app.notFound.body", defaultMessage: "This address does not lead anywhere in Drumbeat." })}</p>
      <p>
        <Link to="/">{t({ id: "app.notFound.home", defaultMessage: "Go to your networks" })}</Link>
      </p>
    </main>
  );
}
