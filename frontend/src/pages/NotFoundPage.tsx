import { Link } from "react-router";

export default function NotFoundPage() {
  return (
    <main id="main" tabIndex={-1} className="content content-narrow">
      <h1>Page not found</h1>
      <p>
        This address does not lead anywhere in Drumbeat. <Link to="/">Go to your networks</Link>.
      </p>
    </main>
  );
}
