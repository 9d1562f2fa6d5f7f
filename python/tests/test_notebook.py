"""examples/dairy.ipynb runs from top to bottom (screen -> optimise -> sweep, with plots)."""

from __future__ import annotations


import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "dairy.ipynb"


def test_the_dairy_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=900, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    # Four figures: the grand composite curve, the screening, the convergence, the sweep.
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 4, f"{len(figures)} figures"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "TAC" in text and "improvement" in text
    # The executed notebook, for a person to look at.
    out = ROOT / "target" / "dairy.executed.ipynb"
    nbformat.write(notebook, out)
