import subprocess
import sys

ENGINE_MODULES = [
    "werkroute.matching",
    "werkroute.matching.assignment",
    "werkroute.matching.equity",
    "werkroute.matching.flow",
    "werkroute.matching.inputs",
    "werkroute.matching.market",
    "werkroute.matching.national",
    "werkroute.matching.recommend",
    "werkroute.matching.weights",
]


def test_engine_modules_import_without_django():
    code = (
        "import sys\n" + "".join(f"import {m}\n" for m in ENGINE_MODULES) + "print('django' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_check_would_see_django():
    code = "import sys\nimport django.db\nprint('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
