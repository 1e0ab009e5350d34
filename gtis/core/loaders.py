"""Runs each engine's `reference.load` or `demo.load`, in the order of INSTALLED_APPS."""

import importlib
from typing import Any

from django.apps import apps
from django.db import transaction


def run_loaders(module_name: str, out: Any) -> int:
    """Call `load(out)` of `<app>.<module_name>` for every GTIS app that has one."""
    count = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("gtis."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
            continue
        with transaction.atomic():
            module.load(out)
        count += 1
    return count
