"""The compiled half of realpolitik (import `realpolitik`, which wraps it): every analysis
returns a `Computed`, whose document is the dict that the command line's `--format json` prints
(see schema/output.schema.json)."""

from os import PathLike
from typing import Any, Mapping, Optional, Sequence, Union

__version__: str

_Path = Union[str, PathLike]
_Limits = Optional[Mapping[str, Union[int, str]]]

class ModelError(Exception):
    """The input is invalid; `str(error)` is the command line's report."""

    diagnostics: list[dict[str, Any]]
    """Every problem: severity, code, message, help, file, line, column, label."""

class Computed:
    """An analysis as computed; its report is drawn when asked for."""

    def document(self) -> dict[str, Any]: ...
    def report_html(self) -> str:
        """A briefing's whole HTML report; for one engine, its command's report sections."""
    def take_fcm_draws(self) -> Optional[Any]:
        """FCM Monte Carlo effects (draws × cases × concepts numpy array), handed over once."""
    def trajectory(self) -> Optional[Any]:
        """An FCM run's activations step by step ((steps + 1) × concepts numpy array)."""

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
    def analyze(self, *, draws: int = 2000, seed: int = 2014) -> Computed:
        """The briefing: `realpolitik analyze --format json`."""
    def cib(
        self,
        *,
        max_inconsistency: int = 0,
        fix: Sequence[str] = (),
        scenarios: Sequence[str] = (),
        basins: bool = False,
        seed: int = 2014,
    ) -> Computed:
        """Cross-impact balance: `realpolitik cib --format json`."""
    def fcm(self, *, draws: int = 0, seed: int = 2014) -> Computed:
        """The fuzzy cognitive map: `realpolitik fcm --format json`, every draw kept."""
    def bargain(self, *, solver: str = "eum", draws: int = 0, seed: int = 2014) -> Computed:
        """The bargaining forecast: `realpolitik bargain --format json`."""
    def ach(self, *, scoring: str = "weighted", draws: int = 2000, seed: int = 2014) -> Computed:
        """Competing hypotheses: `realpolitik ach --format json`."""

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

def fcm_simulate(
    weights: Any,
    initial: Any,
    *,
    concepts: Optional[Sequence[str]] = None,
    clamps: Sequence[str] = (),
    preset: str = "default",
    rule: str = "kosko",
    transfer: str = "sigmoid",
    lam: float = 1.0,
    epsilon: Optional[float] = None,
    cap: Optional[int] = None,
    name: str = "weights",
    limits: _Limits = None,
) -> Computed:
    """One run of a matrix from `initial`, step by step; use `realpolitik.fcm.simulate`."""

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
) -> tuple[Computed, list[dict[str, Any]]]:
    """The CIB result of a bare matrix and its reader's warnings; use `realpolitik.cib.solve`."""

def bargain_run(
    path: _Path, *, solver: str = "eum", draws: int = 0, seed: int = 2014, limits: _Limits = None
) -> Computed:
    """The bargaining result of a table; use `realpolitik.bargain.run`."""

class Job:
    """An analysis cut into work units; use `realpolitik.distributed`."""
    def units(self) -> list[str]:
        """The units, each a JSON text that carries all it reads."""
    def merge(self, results: Sequence[str]) -> Computed:
        """The result from the units' results (any order; a duplicate counts once)."""
    def __len__(self) -> int: ...

def run_unit(unit: str) -> str:
    """Runs one unit (its JSON text); returns its result as JSON text."""

def cib_job(
    *,
    model: Optional[Model] = None,
    path: Optional[_Path] = None,
    text: Optional[str] = None,
    name: str = "matrix.csv",
    max_inconsistency: int = 0,
    fix: Sequence[str] = (),
    scenarios: Sequence[str] = (),
    basins: bool = False,
    seed: int = 2014,
    limits: _Limits = None,
    pieces: int = 64,
) -> tuple[Job, list[dict[str, Any]]]:
    """A CIB analysis as units, and the matrix reader's warnings; use `realpolitik.distributed`."""

def fcm_job(model: Model, *, draws: int, seed: int = 2014, pieces: int = 64) -> Job:
    """A model's FCM Monte Carlo as units; use `realpolitik.distributed`."""
