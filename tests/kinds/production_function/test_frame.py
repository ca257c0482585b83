import numpy as np
import pytest

from econ_ai.errors import DataError
from econ_ai.kinds.production_function.frame import design_from_frame


def test_design_contract_and_sample_log(chilean):
    df = chilean.copy()
    df.loc[[0, 10], "log_materials"] = np.nan
    df.loc[20, "log_k"] = -np.inf
    d = design_from_frame(df, output="log_y", free=["log_lab1", "log_lab2"], state=["log_k"], proxy="log_materials",
                          unit="id", time="year", options={"method": "lp"})
    assert d.X.shape == (len(df) - 3, 3) and d.terms == ("log_lab1", "log_lab2", "log_k")
    assert d.extra == {"free": ["log_lab1", "log_lab2"], "state": ["log_k"], "proxy": "log_materials"}
    assert set(d.columns) == {"proxy", "unit", "time"} and d.columns["unit"].max() == df["id"].nunique() - 1
    assert [s.removed for s in d.sample_log] == [0, 3]
    assert 0 not in d.index and 20 not in d.index


def test_missing_column_names_near_miss(chilean):
    with pytest.raises(DataError, match=r"no column 'log_materail' \(did you mean 'log_materials'\?\)"):
        design_from_frame(chilean, output="log_y", free=["log_lab1"], state=["log_k"], proxy="log_materail",
                          unit="id", time="year")
