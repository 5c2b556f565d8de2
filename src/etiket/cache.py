"""The user's cache folder: things etiket can always rebuild, kept so the next start is quicker.

It holds loaded rule packs (rulebook) and the two-language model of the language identifier
(language). Each entry is stored with a key made of everything it was built from; an entry whose
key differs, or that cannot be read or written (corrupt, a read-only home), is simply rebuilt:
the cache never changes what etiket reports, only how soon. Entries are read back with an
unpickler that builds only the classes named in ALLOWED, so a file dropped into the folder cannot
make etiket run code.
"""

import gc
import hashlib
import io
import os
import pickle
import tempfile
from contextlib import contextmanager
from pathlib import Path

ENV = "ETIKET_CACHE_DIR"  # tests point it at their tmp_path
ALLOWED = {
    ("etiket.rulebook", "Rule"),
    ("etiket.yamlpos", "PosDict"),
    ("etiket.yamlpos", "PosList"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("builtins", "dict"),
    ("builtins", "list"),
}


def folder():
    """$ETIKET_CACHE_DIR, else $XDG_CACHE_HOME/etiket, else ~/.cache/etiket."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "etiket"


def key(*parts):
    """A hex digest of `parts` (bytes or str), each length-prefixed so no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def load(name, wanted):
    """The value stored under `name` when it was stored with key `wanted`, else None."""
    try:
        data = (folder() / name).read_bytes()
        with paused_collection():
            stored, value = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: rebuild it
        return None
    return value if stored == wanted else None


def store(name, stored, value):
    """Keep `value` under `name` with key `stored`; written whole (a temporary file renamed) so a
    reader never sees half an entry. A folder that cannot be written leaves the cache empty."""
    target = folder() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{name}.", delete=False) as file:
            pickle.dump((stored, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, target)
    except (OSError, pickle.PicklingError):
        _remove(locals().get("file"))


def _remove(file):
    if file is not None:
        try:
            os.unlink(file.name)
        except OSError:
            pass


@contextmanager
def paused_collection(freeze=False):
    """No cyclic garbage collection inside: for loading what lives as long as the process (rule
    packs, pipelines), whose tens of thousands of new objects would otherwise set off full
    collections that walk everything loaded so far (0.1-0.2 s of a one-draft start) and free nothing.
    `freeze`: what was loaded is moved out of the collector's way for good (gc.freeze), for a
    process that keeps it to the end; otherwise the next collections still walk it once or twice."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_on:
            gc.enable()
