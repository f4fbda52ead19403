"""make smoke: the production stack on loopback and the browser journeys of every role against gunicorn.

Everything started here is stopped at the end; the exit status is non-zero on any failure.
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smoke.stack import PYTHON, ROOT, production_stack, say


def main():
    status = 1
    with production_stack(db_name="smoke") as stack:
        say("browser journeys of every role against gunicorn")
        result = subprocess.run(
            [
                PYTHON,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-c",
                str(ROOT / "smoke" / "pytest.ini"),
                str(ROOT / "smoke"),
            ],
            cwd=ROOT,
            env={**stack.env, "SMOKE_BASE_URL": stack.base_url, "SMOKE_WORK": str(stack.work)},
        )
        status = result.returncode
        for name, alive in stack.alive().items():
            if not alive:
                say(f"{name} died")
                status = status or 1
        if status:
            for name in stack.processes:
                say(f"--- {name} log (last lines) ---\n{stack.log_tail(name)}")
    say("passed" if status == 0 else f"FAILED ({status})")
    return status


if __name__ == "__main__":
    sys.exit(main())
