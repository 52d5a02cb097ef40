"""The trained heads of a tagger component on disk and in memory, with or without torch.

A component folder holds `heads.pt` (the torch state, for training and for loading under
torch) and `heads.npz` (the same weights as arrays, for a process without torch), plus
`settings.json` (switches chosen on dev after training). With torch the component keeps its
torch module (`heads`), and `layers` reads the arrays straight from it, so they follow
training; without torch (models/runtime.py) only the arrays are loaded.

A folder may also hold `heads.int8.npz`: layers fitted on the int8 encoder's states
(training/type_head.py), which replace their namesakes when the encoder runs int8 (`layers_for`).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Callable

from models.errors import Errors
from models.neural.arrays import Linear, layers_from_state, load_layers, save_layers

HEADS_FILE = "heads.pt"
ARRAYS_FILE = "heads.npz"
SETTINGS_FILE = "settings.json"
INT8_FILE = "heads.int8.npz"


def torch_usable() -> bool:
    """Whether `import torch` would work in this process (false when models/runtime.py blocked it)."""
    if "torch" in sys.modules:
        return sys.modules["torch"] is not None
    return importlib.util.find_spec("torch") is not None


def torch_heads(make: Callable[[], Any]) -> Any:
    """`make()` (a torch heads module, in eval mode), or None in a process without torch."""
    if not torch_usable():
        return None
    module = make()
    module.eval()
    return module


class HeadsOnDisk:
    """to_disk/from_disk and numpy layers for a component whose learned part is `self.heads`.

    Attributes named in `chosen_settings` are saved beside the heads in settings.json and
    override the config's values when loaded.
    """

    heads: Any  # a torch module, or None without torch
    chosen_settings: tuple[str, ...] = ()
    _layers: dict[str, Linear] | None = None
    int8_layers: dict[str, Linear] = {}  # replaced per instance; fitted on the int8 encoder's states

    @property
    def layers(self) -> dict[str, Linear]:
        """{head name: Linear}: views of the torch module's weights, else the arrays loaded from heads.npz."""
        if self.heads is not None:
            return layers_from_state(self.heads.state_dict())
        if self._layers is None:
            raise ValueError(Errors.E013.format(name=getattr(self, "name", type(self).__name__)))
        return self._layers

    def layers_for(self, int8: bool) -> dict[str, Linear]:
        """`layers`, with the int8 layers in place of their namesakes when the encoder runs int8."""
        layers = self.layers
        return {**layers, **self.int8_layers} if int8 and self.int8_layers else layers

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.heads is not None:
            from models.neural.network import save_module

            save_module(self.heads, path / HEADS_FILE)
        save_layers(self.layers, path / ARRAYS_FILE)
        if self.int8_layers:
            save_layers(self.int8_layers, path / INT8_FILE)
        else:
            (path / INT8_FILE).unlink(missing_ok=True)
        settings = {key: getattr(self, key) for key in self.chosen_settings}
        (path / SETTINGS_FILE).write_text(json.dumps(settings, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> Any:
        path = Path(path)
        if self.heads is not None and (path / HEADS_FILE).is_file():
            from models.neural.network import load_module

            load_module(self.heads, path / HEADS_FILE)
        elif (path / ARRAYS_FILE).is_file():  # without torch, or a folder shipped with the arrays only
            self._layers = load_layers(path / ARRAYS_FILE)
            self.heads = None
        else:
            raise FileNotFoundError(Errors.E014.format(path=path, pt=HEADS_FILE, npz=ARRAYS_FILE))
        self.int8_layers = load_layers(path / INT8_FILE) if (path / INT8_FILE).is_file() else {}
        settings_path = path / SETTINGS_FILE
        if settings_path.is_file():
            for key, value in json.loads(settings_path.read_text(encoding="utf-8")).items():
                if key in self.chosen_settings:
                    setattr(self, key, value)
        return self


def export_head_arrays(model_dir: Path) -> list[Path]:
    """Write heads.npz beside every heads.pt of a packaged model (models packaged before the arrays existed)."""
    import torch

    written = []
    for pt in sorted(Path(model_dir).glob(f"*/{HEADS_FILE}")):
        state = torch.load(pt, map_location="cpu", weights_only=True)
        save_layers(layers_from_state(state), pt.with_name(ARRAYS_FILE))
        written.append(pt.with_name(ARRAYS_FILE))
    return written
