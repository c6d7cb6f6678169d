"""Cell neutralisation and its inverse (property-tested: import undoes export exactly)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.core.exchange.csvfmt import neutralise, restore


def test_cells_that_spreadsheets_would_run_get_a_leading_quote() -> None:
    for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x"]:
        assert neutralise(dangerous) == "'" + dangerous
    for harmless in ["", "plain", "1-2", "'quoted'", "a=b", " =x"]:
        assert neutralise(harmless) == harmless


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab ,\""), max_size=8))
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore(neutralise(text)) == text
    assert not neutralise(text)[:1] or neutralise(text)[0] not in "=+-@\t\r"
