"""Each problem of an imported file carries a stable code, so the web app can say it in its
reader's language like any other field error."""

from __future__ import annotations

from tests.exchange.helpers import org
from tests.exchange.test_csv_import import HEADER, import_csv
from tests.support import World


async def test_every_row_problem_has_its_code(world: World) -> None:
    n = world.networks["A"].id
    async with world.client("member") as c:
        await org(c, n, "Wemos")
        text = "\r\n".join(
            [
                HEADER,
                "Bad start,training,held,yesterday,2026-01-10T09:00:00Z,Nobody,,3",
                "Ends first,training,held,2026-01-10T08:00:00Z,2026-01-09T08:00:00Z,Wemos,,",
                "Bad kind,party,held,2026-01-10T08:00:00Z,2026-01-10T09:00:00Z,,,",
                "Too short,training",
            ]
        )
        response = await import_csv(c, n, text)
    assert response.status_code == 422, response.text
    codes = {e["pointer"]: e["code"] for e in response.json()["errors"]}
    assert codes == {
        "/rows/2/starts_at": "datetime_from_date_parsing",
        "/rows/2/facilitators": "unknown_organisation",
        "/rows/3/ends_at": "ends_before_start",
        "/rows/4/kind": "literal_error",
        "/rows/5": "wrong_cell_count",
    }
