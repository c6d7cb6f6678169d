import { useEffect, useRef, useState } from "react";
import { Button } from "../../components/ui";
import { t } from "../../i18n";

/** A secret shown exactly once, with a copy button; focus moves to it so it is not missed. */
export function SecretOnce({
  title,
  secret,
  hint,
  onDone,
}: {
  title: string;
  secret: string;
  hint: string;
  onDone: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="secret-once" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <strong>{title}</strong>
      </p>
      <p className="secret" data-testid="secret">
        {secret}
      </p>
      <p className="small">{hint}</p>
      <div className="row-actions">
        <Button size="sm" onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
          {copied
            ? t({ id: "settings.secret.copied", defaultMessage: "Copied" })
            : t({ id: "settings.secret.copy", defaultMessage: "Copy" })}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t({ id: "settings.secret.stored", defaultMessage: "I have stored it" })}
        </Button>
      </div>
    </div>
  );
}
