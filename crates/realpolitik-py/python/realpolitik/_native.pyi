"""The compiled half of realpolitik (import `realpolitik`, which wraps it): every analysis
returns the dict that the command line's `--format json` prints (see schema/output.schema.json)."""

from os import PathLike
from typing import Any, Mapping, Optional, Sequence, Union

__version__: str

_Path = Union[str, PathLike]
_Limits = Optional[Mapping[str, Union[int, str]]]

class ModelError(Exception):
    """The input is invalid; `str(error)` is the command line's report."""

    diagnostics: list[dict[str, Any]]
    """Every problem: severity, code, message, help, file, line, column, label."""

class Analysis:
    """A briefing as computed."""

    def document(self) -> dict[str, Any]: ...
    def report_html(self) -> str: ...

class Model:
    """A model that loaded and passed every check, with the limits it was loaded under."""

    @property
    def title(self) -> str: ...
    @property
    def question(self) -> Optional[str]: ...
    @property
    def file(self) -> str: ...
    @property
    def options(self) -> list[str]: ...
    @property
    def triggers(self) -> list[str]: ...
    @property
    def warnings(self) -> list[dict[str, Any]]: ...
    def check(self) -> dict[str, Any]:
        """Structure and evidence: `realpolitik check --format json`."""
    def analyze(self, *, draws: int = 2000, seed: int = 2014) -> Analysis:
        """The briefing: `realpolitik analyze --format json`."""
    def cib(
        self,
        *,
        max_inconsistency: int = 0,
        fix: Sequence[str] = (),
        scenarios: Sequence[str] = (),
        basins: bool = False,
        seed: int = 2014,
    ) -> dict[str, Any]:
        """Cross-impact balance: `realpolitik cib --format json`."""
    def fcm(self, *, draws: int = 0, seed: int = 2014) -> dict[str, Any]:
        """The fuzzy cognitive map: `realpolitik fcm --format json`."""
    def bargain(self, *, solver: str = "eum", draws: int = 0, seed: int = 2014) -> dict[str, Any]:
        """The bargaining forecast: `realpolitik bargain --format json`."""

def load(path: _Path, *, limits: _Limits = None, sources_dirs: Sequence[_Path] = ()) -> Model:
    """Reads and checks a model file; raises ModelError or OSError."""

def loads(
    text: str,
    *,
    name: str = "model.toml",
    limits: _Limits = None,
    sources_dirs: Sequence[_Path] = (),
) -> Model:
    """Reads and checks a model given as TOML text."""

def builtin() -> Model:
    """The built-in model (the anti-IS coalition and the Assad regime, 2014)."""

def fcm_run(
    weights: Any,
    states: Any,
    *,
    concepts: Optional[Sequence[str]] = None,
    clamps: Sequence[str] = (),
    preset: str = "default",
    rule: str = "kosko",
    transfer: str = "sigmoid",
    lam: float = 1.0,
    epsilon: Optional[float] = None,
    cap: Optional[int] = None,
    single_precision: bool = False,
    limits: _Limits = None,
) -> tuple[Any, Any, Any]:
    """Final states (k × n), steps (k) and convergence (k) of runs from each row of `states`;
    use `realpolitik.fcm.run`, which takes numpy arrays or lists."""

def cib_solve(
    *,
    path: Optional[_Path] = None,
    text: Optional[str] = None,
    name: str = "matrix.csv",
    max_inconsistency: int = 0,
    fix: Sequence[str] = (),
    basins: bool = False,
    seed: int = 2014,
    limits: _Limits = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The CIB document of a bare matrix and its reader's warnings; use `realpolitik.cib.solve`."""

def bargain_run(
    path: _Path, *, solver: str = "eum", draws: int = 0, seed: int = 2014, limits: _Limits = None
) -> dict[str, Any]:
    """The bargaining document of a table; use `realpolitik.bargain.run`."""
