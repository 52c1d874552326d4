"""Local development: DEBUG on, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403

DEBUG = True
INTERNAL_IPS = ["127.0.0.1"]
