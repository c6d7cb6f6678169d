"""Print the API's OpenAPI document as JSON with sorted keys (input of the frontend's client).

Usage: ``python -m services.api.openapi_dump > frontend/openapi.json``. Sorted keys and a fixed
indent make the file diff cleanly, so the generated-client check can tell when it is stale.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from services.api.app import create_app

    document = create_app().openapi()
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
