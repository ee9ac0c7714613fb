"""Local development and the demo (``make demo``)."""

from werkroute.conf.base import *  # noqa: F403
from werkroute.conf.env import config

DEBUG = config("DEBUG", default=True, help_text="Django debug mode.")
