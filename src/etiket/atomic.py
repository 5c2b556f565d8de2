"""Writing a file so that readers see the old file or the new one, never half of either: the text
goes to a temporary file in the same folder (same file system), which then replaces the target."""

import os
import tempfile
from contextlib import contextmanager, suppress


@contextmanager
def atomic_open(path, mode="w", **kwargs):
    """A file object for `path`; the target is replaced only when the block ends without error,
    else the temporary file is removed and the target is left as it was."""
    target = os.path.abspath(path)
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); a report or baseline gets the usual permissions
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(fd, mode, **kwargs) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(target):
    """The mode the target has now, else what a new file gets under the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
