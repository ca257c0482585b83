"""`import econ_ai` (and the CLI module) stays light: heavy libraries load where they are used."""

import subprocess
import sys


def test_import_is_light():
    code = (
        "import sys, econ_ai, econ_ai.cli, econ_ai.pipeline, econ_ai.results, econ_ai.kinds.registry;"
        "print(','.join(m for m in ('pandas','statsmodels','scipy','matplotlib','linearmodels','pyfixest')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
